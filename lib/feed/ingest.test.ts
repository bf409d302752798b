import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sourceKey } from "@/lib/feed/ingest";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { acquireLease, releaseLease } from "@/lib/leases/lease";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-test-"));

function writeFeed(name: string, xml: string): { kind: "file"; path: string } {
  const file = path.join(directory, name);
  fs.writeFileSync(file, xml);
  return { kind: "file", path: file };
}

async function snapshot() {
  const briefs = await db.brief.findMany({ orderBy: { slug: "asc" }, include: { tags: { include: { tag: true } } } });
  return briefs.map(({ updatedAt: _updatedAt, ...brief }) => brief);
}

beforeEach(async () => {
  await db.brief.deleteMany();
  await db.tag.deleteMany();
  await db.feed.deleteMany();
  await db.ingestLease.deleteMany();
});

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe("ingestFeed", () => {
  it("stores every brief once and reports an unchanged second run as unchanged", async () => {
    const source = writeFeed(
      "three.xml",
      buildFeed([sampleItem("one"), sampleItem("two", { severity: "medium" }), sampleItem("three")]),
    );
    const first = await ingestFeed(source, { trigger: "cli" });
    expect(first).toMatchObject({ status: "ok", seen: 3, created: 3, updated: 0, unchanged: 0 });
    const before = await snapshot();

    const second = await ingestFeed(source, { trigger: "cli" });
    expect(second).toMatchObject({ status: "ok", seen: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toEqual(before);
    expect(await db.ingestRun.count({ where: { status: "ok" } })).toBe(2);
  });

  it("updates a changed brief in place, keeping its id and slug, and leaves the others untouched", async () => {
    const source = writeFeed("v1.xml", buildFeed([sampleItem("alpha"), sampleItem("beta")]));
    await ingestFeed(source, { trigger: "cli" });
    const [alphaBefore, betaBefore] = await snapshot();

    fs.writeFileSync(
      source.path,
      buildFeed([
        sampleItem("alpha", { severity: "critical", description: "Now exploited in the wild." }),
        sampleItem("beta"),
      ]),
    );
    const result = await ingestFeed(source, { trigger: "cli" });
    expect(result).toMatchObject({ status: "ok", created: 0, updated: 1, unchanged: 1 });

    const [alphaAfter, betaAfter] = await snapshot();
    expect(alphaAfter).toMatchObject({
      id: alphaBefore.id,
      slug: "alpha",
      severity: "critical",
      summary: "Now exploited in the wild.",
    });
    expect(alphaAfter.contentHash).not.toBe(alphaBefore.contentHash);
    expect(betaAfter).toEqual(betaBefore);
  });

  it("keeps briefs that a later fetch no longer lists", async () => {
    const source = writeFeed("window.xml", buildFeed([sampleItem("old"), sampleItem("new")]));
    await ingestFeed(source, { trigger: "cli" });
    fs.writeFileSync(source.path, buildFeed([sampleItem("new"), sampleItem("newer")]));
    await ingestFeed(source, { trigger: "cli" });
    expect((await snapshot()).map((brief) => brief.slug)).toEqual(["new", "newer", "old"]);
  });

  it("rejects a malformed feed whole, records the failure and changes no brief", async () => {
    const source = writeFeed("good.xml", buildFeed([sampleItem("kept")]));
    await ingestFeed(source, { trigger: "cli" });
    const before = await snapshot();

    fs.writeFileSync(
      source.path,
      buildFeed([sampleItem("kept", { severity: "low" }), sampleItem("lost")]).replace("</title>", ""),
    );
    const result = await ingestFeed(source, { trigger: "cli" });
    expect(result.status).toBe("failed");
    expect(result.status === "failed" && result.error).toMatch(/Malformed feed XML: .* at line \d+/);
    expect(await snapshot()).toEqual(before);

    const feed = await db.feed.findUniqueOrThrow({
      where: { url: sourceKey(source) },
      include: { runs: { orderBy: { startedAt: "asc" } } },
    });
    expect(feed.runs.map((run) => run.status)).toEqual(["ok", "failed"]);
    expect(feed.runs[1].error).toMatch(/Malformed feed XML/);
    expect(feed.consecutiveFailures).toBe(1);
  });

  it("stores a brief present in two feeds once, linked to both", async () => {
    const first = writeFeed("feed-a.xml", buildFeed([sampleItem("shared"), sampleItem("only-a")]));
    const second = writeFeed("feed-b.xml", buildFeed([sampleItem("shared")]));
    await ingestFeed(first, { trigger: "cli" });
    const result = await ingestFeed(second, { trigger: "cli" });
    expect(result).toMatchObject({ status: "ok", created: 0, unchanged: 1 });
    const shared = await db.brief.findUniqueOrThrow({ where: { slug: "shared" }, include: { feeds: true } });
    expect(shared.feeds).toHaveLength(2);
    expect(await db.brief.count()).toBe(2);
  });

  it("gives colliding slugs a suffix, and the suffix sticks on re-ingest", async () => {
    const source = writeFeed(
      "collide.xml",
      buildFeed([
        sampleItem("same", { guid: "urn:1", link: "https://a.example.org/briefs/same/" }),
        sampleItem("same", { guid: "urn:2", link: "https://b.example.org/briefs/same/" }),
      ]),
    );
    await ingestFeed(source, { trigger: "cli" });
    await ingestFeed(source, { trigger: "cli" });
    const briefs = await db.brief.findMany({ orderBy: { identity: "asc" }, select: { identity: true, slug: true } });
    expect(briefs).toEqual([
      { identity: "urn:1", slug: "same" },
      { identity: "urn:2", slug: "same-2" },
    ]);
  });

  it("skips a feed whose lease another run holds, and runs once it is released", async () => {
    const source = writeFeed("leased.xml", buildFeed([sampleItem("leased")]));
    expect(await acquireLease(sourceKey(source))).toBe(true);
    expect(await ingestFeed(source, { trigger: "scheduler" })).toEqual({ status: "busy", feedUrl: sourceKey(source) });
    expect(await db.brief.count()).toBe(0);
    await releaseLease(sourceKey(source));
    expect(await ingestFeed(source, { trigger: "scheduler" })).toMatchObject({ status: "ok", created: 1 });
  });

  it("stores each brief once when two feeds carrying the same briefs are ingested at the same moment", async () => {
    const items = Array.from({ length: 300 }, (_, index) => sampleItem(`shared-${index}`));
    const first = writeFeed("mirror-a.xml", buildFeed(items));
    const second = writeFeed("mirror-b.xml", buildFeed(items));
    const results = await Promise.all([
      ingestFeed(first, { trigger: "api" }),
      ingestFeed(second, { trigger: "scheduler" }),
    ]);

    // Different feeds hold different leases, so both store; the writers take turns, and the second finds the first's briefs.
    expect(
      results.map((result) => (result.status === "ok" ? [result.created, result.unchanged] : result)).sort(),
    ).toEqual([
      [0, 300],
      [300, 0],
    ]);
    expect(await db.brief.count()).toBe(300);
    expect(await db.briefFeed.count()).toBe(600);
  });

  it("on schedule, leaves a feed alone that any run started within the interval, and never a person's run", async () => {
    const source = writeFeed("due.xml", buildFeed([sampleItem("due")]));
    const interval = { dueAfterMs: 27 * 60_000 };
    // Two servers' schedulers ticking a few minutes apart: the first ingests, the second finds it done.
    const scheduled = await ingestFeed(source, { trigger: "scheduler", ...interval });
    expect(scheduled).toMatchObject({ status: "ok", created: 1 });
    const firstRun = await db.ingestRun.findFirstOrThrow();
    expect(await ingestFeed(source, { trigger: "scheduler", ...interval })).toEqual({
      status: "not-due",
      feedUrl: sourceKey(source),
      lastRunAt: firstRun.startedAt,
    });

    // A command line or an API call always runs.
    expect(await ingestFeed(source, { trigger: "cli" })).toMatchObject({ status: "ok", unchanged: 1 });
    expect(await ingestFeed(source, { trigger: "api" })).toMatchObject({ status: "ok", unchanged: 1 });
    expect(await ingestFeed(source, { trigger: "scheduler", ...interval })).toMatchObject({ status: "not-due" });

    // Once the interval has passed since the last run started, the next tick runs it again.
    await db.ingestRun.updateMany({ data: { startedAt: new Date(Date.now() - 28 * 60_000) } });
    expect(await ingestFeed(source, { trigger: "scheduler", ...interval })).toMatchObject({
      status: "ok",
      unchanged: 1,
    });
    expect(await db.ingestRun.count()).toBe(4);
    expect(await db.ingestLease.count()).toBe(0);
  });

  it("on schedule, runs a feed once when two servers tick at the same moment", async () => {
    const source = writeFeed("together.xml", buildFeed([sampleItem("together")]));
    const results = await Promise.all(
      [0, 1].map(() => ingestFeed(source, { trigger: "scheduler", dueAfterMs: 27 * 60_000 })),
    );
    expect(results.filter((result) => result.status === "ok")).toHaveLength(1);
    expect(results.filter((result) => result.status !== "ok").map((result) => result.status)).toEqual([
      expect.stringMatching(/^(busy|not-due)$/),
    ]);
    expect(await db.ingestRun.count()).toBe(1);
  });

  it("records a missing file as a failed run with the reason", async () => {
    const result = await ingestFeed({ kind: "file", path: path.join(directory, "absent.xml") }, { trigger: "cli" });
    expect(result).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/Cannot read feed file .*absent\.xml: no such file/),
    });
  });

  it("keeps the previous version of a changed brief as one revision, and writes none for an unchanged re-ingest", async () => {
    const source = writeFeed("history.xml", buildFeed([sampleItem("watched"), sampleItem("steady")]));
    await ingestFeed(source, { trigger: "cli" });
    const before = await db.brief.findUniqueOrThrow({ where: { slug: "watched" } });
    expect(await db.briefRevision.count()).toBe(0);

    fs.writeFileSync(
      source.path,
      buildFeed([
        sampleItem("watched", { severity: "critical", description: "Now exploited in the wild." }),
        sampleItem("steady"),
      ]),
    );
    expect(await ingestFeed(source, { trigger: "cli" })).toMatchObject({ status: "ok", updated: 1, unchanged: 1 });

    const revisions = await db.briefRevision.findMany();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({
      briefId: before.id,
      severity: "high",
      summary: "Summary of watched.",
      title: before.title,
      summaryHtml: before.summaryHtml,
      attackChain: before.attackChain,
      recommendations: before.recommendations,
      bodyHtml: before.bodyHtml,
      contentHash: before.contentHash,
    });
    expect(revisions[0].capturedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    const after = await db.brief.findUniqueOrThrow({ where: { slug: "watched" } });
    expect(after).toMatchObject({
      id: before.id,
      slug: "watched",
      severity: "critical",
      summary: "Now exploited in the wild.",
    });

    expect(await ingestFeed(source, { trigger: "cli" })).toMatchObject({ status: "ok", updated: 0, unchanged: 2 });
    expect(await db.briefRevision.count()).toBe(1);

    await db.brief.delete({ where: { id: before.id } });
    expect(await db.briefRevision.count()).toBe(0);
  });

  it("reports progress through parsing and storing", async () => {
    const source = writeFeed(
      "progress.xml",
      buildFeed(Array.from({ length: 1200 }, (_, index) => sampleItem(`bulk-${index}`))),
    );
    const progress: string[] = [];
    const result = await ingestFeed(source, {
      trigger: "cli",
      onProgress: (step) => progress.push(step.phase === "stored" ? `stored ${step.done}/${step.total}` : step.phase),
    });
    expect(result).toMatchObject({ status: "ok", created: 1200 });
    expect(progress).toEqual(["fetched", "parsed", "stored 500/1200", "stored 1000/1200", "stored 1200/1200"]);
  });
});
