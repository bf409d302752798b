import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isLargeWrite, settleAfterIngest } from "@/lib/briefs/index-upkeep";
import { db, provider } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, briefBody, sampleItem } from "@/lib/test/feed-builder";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "index-upkeep-test-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

/** Words enough that each brief's search document holds a few hundred entries, as real briefs do. */
function itemWithText(index: number) {
  const words = Array.from({ length: 120 }, (_, word) => `w${(index * 7 + word * 13) % 997}x${word % 11}`);
  return sampleItem(`upkeep-${index}`, {
    title: `Token theft wave ${index}`,
    body: briefBody({
      intro: words.join(" "),
      steps: [`Phishing lure ${index}.`],
      impact: `Mailbox access ${index}.`,
      recommendations: ["Revoke sessions."],
    }),
  });
}

function writeFeed(name: string, count: number, from = 0): { kind: "file"; path: string } {
  const file = path.join(directory, name);
  fs.writeFileSync(file, buildFeed(Array.from({ length: count }, (_, index) => itemWithText(from + index))));
  return { kind: "file", path: file };
}

/** Pages of the GIN pending list: entries every search reads in full until they are merged. */
async function pendingPages(): Promise<number> {
  const [meta] = await db.$queryRaw<{ pages: bigint }[]>`
    SELECT n_pending_pages AS pages FROM gin_metapage_info(get_raw_page('"BriefSearch_document_idx"', 0))`;
  return Number(meta.pages);
}

/** The row count the planner works from (-1: the table was never analyzed). */
async function plannedRows(table: string): Promise<number> {
  const [row] = await db.$queryRaw<{ reltuples: number }[]>`
    SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = ${table}`;
  return row.reltuples;
}

describe("isLargeWrite", () => {
  it("follows autovacuum's analyze rule: 50 rows plus a tenth of the table", () => {
    expect(isLargeWrite(50, 0)).toBe(true);
    expect(isLargeWrite(49, 0)).toBe(false);
    expect(isLargeWrite(10_000, -1)).toBe(true);
    expect(isLargeWrite(5_049, 50_000)).toBe(false);
    expect(isLargeWrite(5_050, 50_000)).toBe(true);
  });
});

// The pending list and the planner's statistics are PostgreSQL's; SQLite's upkeep does nothing.
describe.skipIf(provider !== "postgresql")("search index upkeep after an ingest (PostgreSQL)", () => {
  beforeAll(async () => {
    // gin_metapage_info reads the index's metapage; the test server's superuser may add it.
    await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pageinspect");
  });

  beforeEach(async () => {
    await db.brief.deleteMany();
    await db.feed.deleteMany();
    await db.ingestLease.deleteMany();
    await settleAfterIngest(1);
  });

  it("leaves a large first ingest with no pending list and statistics of the stored briefs", async () => {
    const result = await ingestFeed(writeFeed("large.xml", 400), { trigger: "cli" });
    expect(result).toMatchObject({ status: "ok", created: 400 });

    expect(await pendingPages()).toBe(0);
    expect(await plannedRows("Brief")).toBe(400);
    expect(await plannedRows("BriefSearch")).toBe(400);
    // What the statistics are for: a search for a word few briefs hold reads the index, not every document.
    const [plan] = await db.$queryRaw<{ "QUERY PLAN": unknown }[]>`
      EXPLAIN (FORMAT JSON) SELECT "briefId" FROM "BriefSearch" WHERE "document" @@ to_tsquery('briefs_search', 'w5x5')`;
    expect(JSON.stringify(plan["QUERY PLAN"])).toContain('"Index Name":"BriefSearch_document_idx"');
  });

  it("merges the pending list after a small ingest too", async () => {
    await ingestFeed(writeFeed("first.xml", 400), { trigger: "cli" });
    // What every ingest leaves without the upkeep: new documents wait in the pending list.
    await db.$executeRawUnsafe(`UPDATE "Brief" SET "title" = "title" || ' (updated)' WHERE "slug" LIKE 'upkeep-1%'`);
    expect(await pendingPages()).toBeGreaterThan(0);
    await settleAfterIngest(1);
    expect(await pendingPages()).toBe(0);

    const small = await ingestFeed(writeFeed("more.xml", 30, 400), { trigger: "cli" });
    expect(small).toMatchObject({ status: "ok", created: 30 });
    expect(await pendingPages()).toBe(0);
  });

  it("does nothing when an ingest wrote no brief", async () => {
    await expect(settleAfterIngest(0)).resolves.toBeNull();
  });
});
