import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authDb, db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";
import { BulkTriageConflictError, changeTriageOfMany, triageVersionsOf } from "@/lib/triage/bulk";
import { parseBulkTriageForm } from "@/lib/triage/bulk-form";
import { markReviewedBefore, markReviewedComment } from "@/lib/triage/mark-reviewed";
import { readTriage, triageHistory } from "@/lib/triage/queries";
import { changeTriage, TriageRefusedError } from "@/lib/triage/store";
import { TriageInputError } from "@/lib/triage/validations";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bulk-triage-test-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const ana = { id: "user-ana", email: "ana@example.test", role: "analyst" as const };
const bo = { id: "user-bo", email: "bo@example.test", role: "analyst" as const };
const vic = { id: "user-vic", email: "vic@example.test", role: "viewer" as const };
const ada = { id: "user-ada", email: "ada@example.test", role: "admin" as const };

let slugs: string[] = [];

beforeAll(async () => {
  for (const user of [ana, bo, vic, ada])
    await db.user.create({ data: { id: user.id, name: user.email.split("@")[0], email: user.email, role: user.role } });
  const file = path.join(directory, "feed.xml");
  fs.writeFileSync(file, buildFeed(["bulk-1", "bulk-2", "bulk-3", "bulk-4"].map((id) => sampleItem(id))));
  expect(await ingestFeed({ kind: "file", path: file }, { trigger: "cli" })).toMatchObject({ status: "ok" });
  slugs = (await db.brief.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((brief) => brief.slug);
});

const at = async (slug: string) => ({ slug, basedOn: (await readTriage(slug))!.version });

describe("changeTriageOfMany", () => {
  it("assigns every selected brief, each with its own history line", async () => {
    const views = await changeTriageOfMany([await at(slugs[0]), await at(slugs[1])], { assignee: ana.email }, ana);
    expect(views.map((view) => [view.slug, view.assignee?.email, view.version])).toEqual([
      [slugs[0], ana.email, 1],
      [slugs[1], ana.email, 1],
    ]);
    for (const view of views)
      expect((await triageHistory(view.briefId)).map((line) => [line.kind, line.actorEmail, line.toAssignee])).toEqual([
        ["assign", ana.email, ana.email],
      ]);
  });

  it("changes nothing when one selected brief changed meanwhile, and names it with who changed it", async () => {
    const selection = [await at(slugs[0]), await at(slugs[1]), await at(slugs[2])];
    await changeTriage(slugs[1], { state: "in_review" }, selection[1].basedOn, bo);
    const before = await Promise.all(slugs.map(readTriage));
    const bulk = changeTriageOfMany(selection, { state: "dismissed", reason: "risk_accepted" }, ana);
    await expect(bulk).rejects.toThrow(BulkTriageConflictError);
    const error = (await bulk.catch((caught: unknown) => caught)) as BulkTriageConflictError;
    expect(error.stale.map((brief) => [brief.slug, brief.changedBy])).toEqual([[slugs[1], bo.email]]);
    expect(error.message).toMatch(new RegExp(`Nothing changed: .* by ${bo.email} at `));
    // The two briefs still at their version were not touched either: all or nothing.
    expect(await Promise.all(slugs.map(readTriage))).toEqual(before);
  });

  it("refuses a dismissal without a reason for all of them, and viewers altogether", async () => {
    const selection = [await at(slugs[2]), await at(slugs[3])];
    await expect(changeTriageOfMany(selection, { state: "dismissed" }, ana)).rejects.toThrow(TriageInputError);
    await expect(changeTriageOfMany(selection, { state: "hunting" }, vic)).rejects.toThrow(TriageRefusedError);
    expect((await readTriage(slugs[2]))!.version).toBe(selection[0].basedOn);
  });

  it("sets a state with its reason and comment on each", async () => {
    const selection = [await at(slugs[2]), await at(slugs[3])];
    const views = await changeTriageOfMany(selection, { state: "dismissed", reason: "other", comment: "Lab only" }, bo);
    expect(views.map((view) => [view.state, view.reason, view.comment, view.changedBy])).toEqual([
      ["dismissed", "other", "Lab only", bo.email],
      ["dismissed", "other", "Lab only", bo.email],
    ]);
    expect(await triageVersionsOf(slugs.slice(2))).toEqual(
      new Map([
        [slugs[2], selection[0].basedOn + 1],
        [slugs[3], selection[1].basedOn + 1],
      ]),
    );
  });
});

describe("parseBulkTriageForm", () => {
  const form = (fields: [string, string][]) => {
    const data = new FormData();
    for (const [name, value] of fields) data.append(name, value);
    return data;
  };

  it("reads the selected briefs with their versions and the button pressed", () => {
    expect(
      parseBulkTriageForm(
        form([
          ["brief", "3:a:b"],
          ["brief", "0:c"],
          ["do", "assign-me"],
        ]),
        ana.email,
      ),
    ).toEqual({
      items: [
        { slug: "a:b", basedOn: 3 },
        { slug: "c", basedOn: 0 },
      ],
      change: { assignee: ana.email },
    });
    expect(
      parseBulkTriageForm(
        form([
          ["brief", "1:x"],
          ["do", "assign"],
          ["assignee", "none"],
        ]),
        ana.email,
      ).change,
    ).toEqual({ assignee: null });
  });

  it("names what is missing", () => {
    expect(() => parseBulkTriageForm(form([["do", "assign-me"]]), ana.email)).toThrow(/Select at least one/);
    expect(() =>
      parseBulkTriageForm(
        form([
          ["brief", "x"],
          ["do", "assign-me"],
        ]),
        ana.email,
      ),
    ).toThrow(TriageInputError);
    expect(() =>
      parseBulkTriageForm(
        form([
          ["brief", "1:x"],
          ["do", "state"],
          ["state", ""],
        ]),
        ana.email,
      ),
    ).toThrow(/Choose the state/);
  });
});

describe("markReviewedBefore", () => {
  it("dismisses only briefs still new published before the day, once, with a line each under the admin", async () => {
    const old = new Date("2020-01-01T00:00:00Z");
    const recent = new Date("2030-01-01T00:00:00Z");
    const make = (slug: string, publishedAt: Date | null) =>
      db.brief.create({
        data: {
          identity: slug,
          slug,
          severity: "high",
          contentHash: slug,
          title: slug,
          summary: "",
          summaryHtml: "",
          attackChain: [],
          recommendations: [],
          bodyHtml: "",
          bodyText: "",
          publishedAt,
        },
      });
    const untouched = await make("old-untouched", old);
    const assigned = await make("old-assigned", old);
    const reviewing = await make("old-in-review", old);
    const later = await make("after-the-day", recent);
    await changeTriage(assigned.slug, { assignee: bo.email }, 0, bo);
    await changeTriage(reviewing.slug, { state: "in_review" }, 0, bo);
    const day = new Date("2026-01-01T00:00:00Z");
    const decidedBefore = await db.briefTriage.count({ where: { state: { not: "new" } } });

    await expect(markReviewedBefore(day, ana)).rejects.toThrow(TriageRefusedError);
    const progress: number[] = [];
    const { marked } = await markReviewedBefore(day, ada, { onProgress: (count) => progress.push(count) });

    // The ingested sample briefs are published before 2026 too; those already decided stay as they were.
    const newBefore = (await db.briefTriage.count({ where: { state: { not: "new" } } })) - decidedBefore;
    expect(marked).toBe(newBefore);
    expect(progress.at(-1)).toBe(marked);
    for (const brief of [untouched, assigned]) {
      expect(await readTriage(brief.slug)).toMatchObject({
        state: "dismissed",
        reason: "other",
        comment: markReviewedComment(day),
        changedBy: ada.email,
      });
      expect((await triageHistory(brief.id)).at(-1)).toMatchObject({
        actorEmail: ada.email,
        fromState: "new",
        toState: "dismissed",
        reason: "other",
      });
    }
    // Both were written with one timestamp, which reads back as the same moment.
    expect((await triageHistory(untouched.id)).at(-1)!.at).toEqual((await readTriage(untouched.slug))!.changedAt);
    expect((await readTriage(assigned.slug))!.assignee?.email).toBe(bo.email);
    expect(await readTriage(reviewing.slug)).toMatchObject({ state: "in_review", changedBy: bo.email });
    expect(await readTriage(later.slug)).toMatchObject({ state: "new", version: 0 });
    expect(await authDb.auditEvent.findFirst({ where: { action: "triage.marked-reviewed" } })).toMatchObject({
      actorEmail: ada.email,
      detail: expect.stringContaining(`"marked":${marked}`),
    });

    const linesBefore = await db.triageEvent.count();
    expect((await markReviewedBefore(day, ada)).marked).toBe(0);
    expect(await db.triageEvent.count()).toBe(linesBefore);
  });

  it("gets through thousands of briefs in batches", async () => {
    const count = 2_400;
    const publishedAt = new Date("2019-06-01T00:00:00Z");
    await db.brief.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        identity: `many-${index}`,
        slug: `many-${index}`,
        severity: "low",
        contentHash: `many-${index}`,
        title: `Many ${index}`,
        summary: "",
        summaryHtml: "",
        attackChain: [],
        recommendations: [],
        bodyHtml: "",
        bodyText: "",
        publishedAt,
      })),
    });
    const started = Date.now();
    const { marked } = await markReviewedBefore(new Date("2019-07-01T00:00:00Z"), ada);
    expect(marked).toBe(count);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await db.triageEvent.count({ where: { brief: { slug: { startsWith: "many-" } } } })).toBe(count);
  });
});
