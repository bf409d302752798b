import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { connectionFor, db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { severityRank, type Severity } from "@/lib/briefs/severity";
import type { TagInput } from "@/lib/briefs/tags";
import type { ItemIdentity } from "@/lib/feed/normalise";
import type { SanitizedBrief } from "@/lib/feed/prepare";
import { queueNotifications, type RaisedBrief } from "@/lib/notify/outbox";
import { sqliteDate } from "@/lib/sqlite-date";

export type StoreCounts = { seen: number; created: number; updated: number; unchanged: number };
export type StoreProgress = (done: number, total: number) => void;

/**
 * Normalises and sanitizes the items at the given positions of the feed, yielding them in that order,
 * a chunk at a time. The store asks only for new and changed items, and writes each chunk as it comes.
 */
export type PrepareBriefs = (positions: number[]) => AsyncIterable<SanitizedBrief[]>;

type Tx = Prisma.TransactionClient;
type Connection = Database.Database;

/** SQLite caps bound parameters per statement; stay well below it on every platform. */
const MAX_PARAMETERS = 4000;
const PROGRESS_EVERY = 500;
/** A very large feed may take a while to write; the default 5 s interactive-transaction limit is for requests. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

function chunks<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < values.length; index += size) result.push(values.slice(index, index + size));
  return result;
}

/** `(?, ?, …), (?, ?, …)`: placeholders for a multi-row VALUES list. */
function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
  return Array.from({ length: rows }, () => row).join(", ");
}

function columnList(columns: readonly string[], prefix = ""): string {
  return columns.map((column) => `${prefix}"${column}"`).join(", ");
}

/** Inserts rows a few thousand parameters at a time; inserting into "Brief" fires the search-index triggers. */
function insertRows(connection: Connection, table: string, columns: readonly string[], rows: readonly unknown[][]): void {
  for (const batch of chunks(rows, Math.floor(MAX_PARAMETERS / columns.length))) {
    connection.prepare(`INSERT INTO "${table}" (${columnList(columns)}) VALUES ${placeholders(batch.length, columns.length)}`).run(batch.flat());
  }
}

/** The columns of a brief an ingest writes; `id`, `identity`, `slug` and `firstSeenAt` only on creation. */
const CONTENT_COLUMNS = [
  "title", "link", "summary", "bodyHtml", "bodyText", "summaryHtml", "attackChain", "impactHtml",
  "recommendations", "severity", "severityRaw", "type", "publishedAt", "contentHash", "updatedAt",
] as const;

function contentValues(brief: SanitizedBrief, writtenAt: string | null): unknown[] {
  return [
    brief.title, brief.link, brief.summary, brief.bodyHtml, brief.bodyText, brief.summaryHtml, JSON.stringify(brief.attackChain),
    brief.impactHtml, JSON.stringify(brief.recommendations), brief.severity, brief.severityRaw, brief.type, sqliteDate(brief.publishedAt),
    brief.contentHash, writtenAt,
  ];
}

/** The columns a revision keeps: what a reader of the brief sees, and the hash it had. */
const REVISION_COLUMNS = [
  "title", "summary", "severity", "severityRaw", "type", "publishedAt", "summaryHtml", "impactHtml",
  "attackChain", "recommendations", "bodyHtml", "contentHash",
] as const;

/** Ids of tags by name, created as they first appear; tags are few, so all are read once. */
class TagIds {
  private constructor(private readonly ids: Map<string, string>) {}

  static load(connection: Connection): TagIds {
    const rows = connection.prepare(`SELECT "name", "id" FROM "Tag"`).raw().all() as [string, string][];
    return new TagIds(new Map(rows));
  }

  ensure(connection: Connection, tags: readonly TagInput[]): void {
    const missing = new Map<string, TagInput>();
    for (const tag of tags) if (!this.ids.has(tag.name)) missing.set(tag.name, tag);
    const rows = [...missing.values()].map((tag) => [randomUUID(), tag.name, tag.kind, tag.label]);
    insertRows(connection, "Tag", ["id", "name", "kind", "label"], rows);
    for (const [id, name] of rows) this.ids.set(name, id);
  }

  get(name: string): string {
    const id = this.ids.get(name);
    if (id === undefined) throw new Error(`Tag ${name} was not created`);
    return id;
  }
}

/** Rows of `SELECT … WHERE column IN (values)`, with the values bound as one JSON array. */
function selectIn<Row extends unknown[]>(connection: Connection, select: string, column: string, values: readonly string[]): Row[] {
  return connection.prepare(`${select} WHERE "${column}" IN (SELECT "value" FROM json_each(?))`).raw().all(JSON.stringify(values)) as Row[];
}

/** Gives each new brief a slug no other brief has: the link's last segment, then -2, -3, … */
async function assignSlugs(tx: Tx, connection: Connection, bases: readonly string[]): Promise<string[]> {
  const taken = new Set(selectIn<[string]>(connection, `SELECT "slug" FROM "Brief"`, "slug", [...new Set(bases)]).map(([slug]) => slug));
  const slugs: string[] = [];
  for (const base of bases) {
    let slug = base;
    if (taken.has(slug)) {
      const siblings = await tx.brief.findMany({ where: { slug: { startsWith: `${base}-` } }, select: { slug: true } });
      for (const row of siblings) taken.add(row.slug);
      let suffix = 2;
      while (taken.has(`${base}-${suffix}`)) suffix += 1;
      slug = `${base}-${suffix}`;
    }
    taken.add(slug);
    slugs.push(slug);
  }
  return slugs;
}

type Known = { id: string; contentHash: string; severity: Severity };

function knownBriefs(connection: Connection, items: readonly ItemIdentity[]): Map<string, Known> {
  const rows = selectIn<[string, string, string, Severity]>(connection, `SELECT "identity", "id", "contentHash", "severity" FROM "Brief"`, "identity", items.map((item) => item.identity));
  return new Map(rows.map(([identity, id, contentHash, severity]) => [identity, { id, contentHash, severity }]));
}

function briefTagRows(briefs: readonly (SanitizedBrief & { id: string })[], tagIds: TagIds): string[][] {
  return briefs.flatMap((brief) => brief.tags.map((tag) => [brief.id, tagIds.get(tag.name)]));
}

function createBriefs(connection: Connection, feedId: string, briefs: readonly (SanitizedBrief & { id: string; slug: string })[], seenAt: string, tagIds: TagIds) {
  const writtenAt = sqliteDate(new Date());
  insertRows(
    connection,
    "Brief",
    ["id", "identity", "slug", "firstSeenAt", ...CONTENT_COLUMNS],
    briefs.map((brief) => [brief.id, brief.identity, brief.slug, seenAt, ...contentValues(brief, writtenAt)]),
  );
  insertRows(connection, "BriefTag", ["briefId", "tagId"], briefTagRows(briefs, tagIds));
  insertRows(connection, "BriefFeed", ["briefId", "feedId", "firstSeenAt", "lastSeenAt"], briefs.map((brief) => [brief.id, feedId, seenAt, seenAt]));
}

function updateBriefs(connection: Connection, briefs: readonly (SanitizedBrief & { id: string })[], tagIds: TagIds) {
  for (const batch of chunks(briefs, Math.floor(MAX_PARAMETERS / (CONTENT_COLUMNS.length + 1)))) {
    // Keep each brief's current version as a revision before overwriting it. capturedAt is the time
    // of writing (under the write lock), so revisions written by runs that waited for each other
    // stay in the order they replaced one another.
    connection
      .prepare(
        `INSERT INTO "BriefRevision" ("id", "briefId", "capturedAt", ${columnList(REVISION_COLUMNS)})
         SELECT v."column2", b."id", ?, ${columnList(REVISION_COLUMNS, "b.")}
         FROM (VALUES ${placeholders(batch.length, 2)}) AS v JOIN "Brief" b ON b."id" = v."column1"`,
      )
      .run(sqliteDate(new Date()), batch.flatMap((brief) => [brief.id, randomUUID()]));
    // In place: same id and slug. Updating "Brief" fires the search-index trigger.
    const writtenAt = sqliteDate(new Date());
    const assignments = CONTENT_COLUMNS.map((column, index) => `"${column}" = v."column${index + 2}"`).join(", ");
    connection
      .prepare(`UPDATE "Brief" SET ${assignments} FROM (VALUES ${placeholders(batch.length, CONTENT_COLUMNS.length + 1)}) AS v WHERE "Brief"."id" = v."column1"`)
      .run(batch.flatMap((brief) => [brief.id, ...contentValues(brief, writtenAt)]));
    connection.prepare(`DELETE FROM "BriefTag" WHERE "briefId" IN (SELECT "value" FROM json_each(?))`).run(JSON.stringify(batch.map((brief) => brief.id)));
    insertRows(connection, "BriefTag", ["briefId", "tagId"], briefTagRows(batch, tagIds));
  }
}

/**
 * Writes one feed's briefs in a single transaction: new briefs are created, changed ones updated in
 * place (same id and slug) after their previous version is kept as a BriefRevision, unchanged ones
 * only marked as seen. Which is which is read from the stored hashes first, so only new and changed
 * items are normalised and sanitized (by `prepare`), a chunk at a time while earlier chunks are
 * written. Briefs missing from this fetch are left alone: a feed is a window, not the archive. The
 * notifications new and raised briefs call for are queued in the same transaction (lib/notify/outbox.ts).
 */
export async function storeBriefs(
  feedId: string,
  items: readonly ItemIdentity[],
  prepare: PrepareBriefs,
  onProgress?: StoreProgress,
): Promise<StoreCounts> {
  const now = new Date();
  return db.$transaction(
    async (tx) => {
      // Writing first takes SQLite's write lock at once, so a concurrent writer waits instead of
      // failing later when this transaction would upgrade from reading.
      await tx.feed.update({ where: { id: feedId }, data: { lastFetchedAt: now } });

      const connection = await connectionFor(tx);
      const seenAt = sqliteDate(now)!;
      const known = knownBriefs(connection, items);
      const fresh: number[] = [];
      const changed: number[] = [];
      items.forEach((item, position) => {
        const stored = known.get(item.identity);
        if (!stored) fresh.push(position);
        else if (stored.contentHash !== item.contentHash) changed.push(position);
      });

      const total = items.length;
      let done = 0;
      const advance = (count: number) => {
        if (count === 0) return;
        const before = Math.floor(done / PROGRESS_EVERY);
        done += count;
        if (onProgress && (Math.floor(done / PROGRESS_EVERY) > before || done === total)) onProgress(done, total);
      };

      const slugs = await assignSlugs(tx, connection, fresh.map((position) => items[position].slugBase));
      const slugOf = new Map(fresh.map((position, index) => [items[position].identity, slugs[index]]));
      const tagIds = TagIds.load(connection);
      const toWrite = [...fresh, ...changed].sort((a, b) => a - b);
      const createdIds: string[] = [];
      const raised: RaisedBrief[] = [];
      for await (const prepared of toWrite.length ? prepare(toWrite) : []) {
        tagIds.ensure(connection, prepared.flatMap((brief) => brief.tags));
        const created = prepared.filter((brief) => slugOf.has(brief.identity)).map((brief) => ({ ...brief, id: randomUUID(), slug: slugOf.get(brief.identity)! }));
        const updated = prepared.filter((brief) => !slugOf.has(brief.identity)).map((brief) => ({ ...brief, id: known.get(brief.identity)!.id }));
        createBriefs(connection, feedId, created, seenAt, tagIds);
        updateBriefs(connection, updated, tagIds);
        createdIds.push(...created.map((brief) => brief.id));
        for (const brief of updated) {
          const before = known.get(brief.identity)!.severity;
          if (severityRank(brief.severity) < severityRank(before)) raised.push({ id: brief.id, from: before, to: brief.severity });
        }
        advance(prepared.length);
      }
      if (done !== toWrite.length) throw new Error(`Prepared ${done} of the ${toWrite.length} new and changed briefs`);

      // Known briefs (changed or not) are now also seen in this feed; a brief in several feeds is one row.
      connection
        .prepare(
          `INSERT INTO "BriefFeed" ("briefId", "feedId", "firstSeenAt", "lastSeenAt") SELECT "value", ?, ?, ? FROM json_each(?) WHERE true
           ON CONFLICT ("briefId", "feedId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
        )
        .run(feedId, seenAt, seenAt, JSON.stringify([...known.values()].map((row) => row.id)));
      advance(total - done);

      await queueNotifications(tx, connection, { feedId, created: createdIds, raised, now });
      if (fresh.length || changed.length) await tx.feed.update({ where: { id: feedId }, data: { lastChangedAt: now } });
      return { seen: total, created: fresh.length, updated: changed.length, unchanged: total - fresh.length - changed.length };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}
