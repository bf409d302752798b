import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";
import { listBriefs } from "@/lib/briefs/queries";
import { parseBriefListParams } from "@/lib/briefs/validations";
import { countBriefsByState, readTriage, triageHistory, triageOfBriefs, type TriageView } from "@/lib/triage/queries";
import { changeTriage, TriageConflictError, TriageRefusedError } from "@/lib/triage/store";
import { parseTriageChange, TriageInputError, versionFromIfMatch } from "@/lib/triage/validations";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "triage-test-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const ana = { id: "user-ana", email: "ana@example.test", role: "analyst" as const };
const bo = { id: "user-bo", email: "bo@example.test", role: "analyst" as const };
const vic = { id: "user-vic", email: "vic@example.test", role: "viewer" as const };

let slugs: string[] = [];

beforeAll(async () => {
  for (const user of [ana, bo, vic])
    await db.user.create({ data: { id: user.id, name: user.email.split("@")[0], email: user.email, role: user.role } });
  const file = path.join(directory, "feed.xml");
  const items = [
    sampleItem("triage-1"),
    sampleItem("triage-2", { severity: "critical" }),
    sampleItem("triage-3", { severity: "low" }),
    sampleItem("triage-4", { severity: "medium" }),
  ];
  fs.writeFileSync(file, buildFeed(items));
  expect(await ingestFeed({ kind: "file", path: file }, { trigger: "cli" })).toMatchObject({ status: "ok" });
  slugs = (await db.brief.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((brief) => brief.slug);
});

describe("a brief's triage", () => {
  it("starts new, with nobody, at version 0", async () => {
    expect(await readTriage(slugs[0])).toMatchObject({ state: "new", assignee: null, version: 0, changedAt: null });
    expect(await readTriage("no-such-brief")).toBeNull();
  });

  it("records who moved it where, and who owns it, in an append-only history", async () => {
    const assigned = await changeTriage(slugs[0], { assignee: ana.email }, 0, ana);
    expect(assigned).toMatchObject({ version: 1, assignee: { email: ana.email }, changedBy: ana.email });
    const reviewed = await changeTriage(slugs[0], { state: "in_review" }, 1, ana);
    expect(reviewed).toMatchObject({ state: "in_review", version: 2, firstDecidedAt: null });
    const adopted = await changeTriage(slugs[0], { state: "adopted", comment: "Deploy to Sentinel" }, 2, ana);
    expect(adopted.firstDecidedAt).toBeInstanceOf(Date);
    const history = await triageHistory(adopted.briefId);
    expect(history.map((line) => [line.kind, line.actorEmail, line.fromState, line.toState, line.toAssignee])).toEqual([
      ["assign", ana.email, null, null, ana.email],
      ["state", ana.email, "new", "in_review", null],
      ["state", ana.email, "in_review", "adopted", null],
    ]);
    expect(history[2].comment).toBe("Deploy to Sentinel");
  });

  it("dismisses only with a reason, a comment for other, and an existing other brief for a duplicate", async () => {
    await expect(changeTriage(slugs[1], { state: "dismissed" }, 0, bo)).rejects.toThrow(TriageInputError);
    await expect(changeTriage(slugs[1], { state: "dismissed", reason: "other" }, 0, bo)).rejects.toThrow(
      /needs a comment/,
    );
    await expect(
      changeTriage(slugs[1], { state: "dismissed", reason: "duplicate", duplicateOf: "nope" }, 0, bo),
    ).rejects.toThrow(/No brief "nope"/);
    await expect(changeTriage(slugs[1], { state: "hunting", reason: "risk_accepted" }, 0, bo)).rejects.toThrow(
      /only when dismissing/,
    );
    const dismissed = await changeTriage(
      slugs[1],
      { state: "dismissed", reason: "duplicate", duplicateOf: `https://briefs.example/briefs/${slugs[2]}` },
      0,
      bo,
    );
    expect(dismissed).toMatchObject({ state: "dismissed", reason: "duplicate", duplicateOf: slugs[2], version: 1 });
    // Nothing refused was written: the first accepted change is version 1.
    expect((await triageHistory(dismissed.briefId)).length).toBe(1);
  });

  it("refuses a change made from a stale version, naming who changed it, and loses neither change", async () => {
    const current = await readTriage(slugs[2]);
    await changeTriage(slugs[2], { state: "in_review" }, current!.version, ana);
    const stale = changeTriage(slugs[2], { state: "dismissed", reason: "risk_accepted" }, current!.version, bo);
    await expect(stale).rejects.toThrow(TriageConflictError);
    await expect(stale).rejects.toThrow(new RegExp(`Changed by ${ana.email} at `));
    expect(await readTriage(slugs[2])).toMatchObject({ state: "in_review", changedBy: ana.email });
  });

  it("lets exactly one of two racing first changes win", async () => {
    const brief = await db.brief.create({
      data: {
        identity: "race",
        slug: "race",
        severity: "high",
        contentHash: "x",
        title: "Race",
        summary: "",
        summaryHtml: "",
        attackChain: [],
        recommendations: [],
        bodyHtml: "",
        bodyText: "",
      },
    });
    const outcomes = await Promise.allSettled([
      changeTriage(brief.slug, { state: "hunting" }, 0, ana),
      changeTriage(brief.slug, { state: "watching" }, 0, bo),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect((await triageHistory(brief.id)).length).toBe(1);
  });

  it("is changed by analysts only, and owned by analysts only", async () => {
    await expect(changeTriage(slugs[0], { state: "watching" }, 3, vic)).rejects.toThrow(TriageRefusedError);
    await expect(changeTriage(slugs[0], { assignee: vic.email }, 3, ana)).rejects.toThrow(/not an analyst/);
  });
});

describe("parseTriageChange", () => {
  it("takes any subset and names the field it refuses", () => {
    expect(parseTriageChange({ state: "hunting", assignee: " Ana@Example.test " })).toEqual({
      state: "hunting",
      assignee: "ana@example.test",
    });
    expect(parseTriageChange({ assignee: null })).toEqual({ assignee: null });
    for (const [body, field] of [
      [{ state: "closed" }, "state"],
      [{ reason: "bored" }, "reason"],
      [{ colour: "red" }, "colour"],
      [{}, "body"],
      [[], "body"],
      [{ comment: 5 }, "comment"],
    ] as const) {
      expect(() => parseTriageChange(body), JSON.stringify(body)).toThrow(
        expect.objectContaining({ field }) as unknown,
      );
    }
  });

  it("reads If-Match weak or strong", () => {
    expect(versionFromIfMatch('"3"')).toBe(3);
    expect(versionFromIfMatch('W/"12"')).toBe(12);
    expect(versionFromIfMatch(null)).toBeNull();
    expect(versionFromIfMatch("*")).toBeNull();
  });
});

describe("the list's triage filters", () => {
  it("lists exactly the briefs in the chosen states, owned as asked, with counts per state", async () => {
    const all = (await db.brief.findMany({ select: { slug: true } })).map((brief) => brief.slug);
    const states = new Map(await Promise.all(all.map(async (slug) => [slug, (await readTriage(slug))!] as const)));
    const slugsOf = async (query: Record<string, string>) =>
      (await listBriefs(parseBriefListParams(query))).briefs.map((brief) => brief.slug).sort();
    const expected = (test: (view: TriageView) => boolean) => all.filter((slug) => test(states.get(slug)!)).sort();

    await changeTriage(slugs[2], { state: "new" }, states.get(slugs[2])!.version, ana);
    states.set(slugs[2], (await readTriage(slugs[2]))!);
    expect(await slugsOf({ status: "new" })).toEqual(expected((view) => view.state === "new"));
    expect(await slugsOf({ status: "new" })).toContain(slugs[2]);
    expect(await slugsOf({ status: "adopted,dismissed" })).toEqual(
      expected((view) => ["adopted", "dismissed"].includes(view.state)),
    );
    expect(await slugsOf({ decided: "no" })).toEqual(expected((view) => ["new", "in_review"].includes(view.state)));
    expect(await slugsOf({ assignee: ana.email })).toEqual(expected((view) => view.assignee?.email === ana.email));
    expect(await slugsOf({ assignee: "none" })).toEqual(expected((view) => view.assignee === null));
    // "me" with nobody asking matches nothing (the page puts the asker's email in its place).
    expect(await slugsOf({ assignee: "me" })).toEqual([]);

    const counts = await countBriefsByState(parseBriefListParams({ status: "dismissed" }));
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(all.length);
    expect(counts.dismissed).toBe(expected((view) => view.state === "dismissed").length);
    // "new" is every brief without a row, and those whose row went back to new.
    expect(counts.new).toBe(expected((view) => view.state === "new").length);
    // Under another filter the counts come from a pass over the briefs; for every severity they agree.
    expect(
      await countBriefsByState(parseBriefListParams({ severity: "critical,high,medium,low,info,unknown" })),
    ).toEqual(counts);
    // A team queue (no filter but states) is counted from the triage rows; with "new" in it, as every
    // brief less the others. Each agrees with the briefs the list shows, severity by severity.
    const severities = new Map(
      (await db.brief.findMany({ select: { slug: true, severity: true } })).map((brief) => [
        brief.slug,
        brief.severity,
      ]),
    );
    for (const query of [
      { status: "adopted,dismissed" },
      { status: "in_review,hunting" },
      { status: "new" },
      { status: "new,adopted", severity: "high" },
      { decided: "no" },
      { decided: "yes", severity: "critical,low" },
      { status: "new", decided: "yes" },
    ]) {
      const listed = await listBriefs(parseBriefListParams({ ...query, severity: "" }));
      const bySeverity = new Map<string, number>();
      for (const brief of listed.briefs) bySeverity.set(brief.severity, (bySeverity.get(brief.severity) ?? 0) + 1);
      const view = await listBriefs(parseBriefListParams(query));
      for (const severity of ["critical", "high", "medium", "low", "info"] as const)
        expect(view.severityCounts[severity], `${JSON.stringify(query)}: ${severity}`).toBe(
          bySeverity.get(severity) ?? 0,
        );
      expect(view.briefs.map((brief) => severities.get(brief.slug))).toEqual(
        listed.briefs
          .filter((brief) => !query.severity || query.severity.includes(brief.severity))
          .map((brief) => brief.severity),
      );
      expect(view.total).toBe(view.briefs.length);
    }
    const rows = await triageOfBriefs([slugs[0], slugs[2]]);
    expect(rows.get(slugs[0])).toEqual({ state: "adopted", assignee: ana.email, updatedSinceDecision: false });
  });
});
