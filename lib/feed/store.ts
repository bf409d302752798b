import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { severityRank, type Severity } from "@/lib/briefs/severity";
import type { TagInput } from "@/lib/briefs/tags";
import type { ItemIdentity } from "@/lib/feed/normalise";
import type { SanitizedBrief } from "@/lib/feed/prepare";
import { briefWriterFor, CONTENT_COLUMNS, type BriefWriter, type KnownBrief } from "@/lib/feed/store-sql";
import { sqliteDate } from "@/lib/sqlite-date";
import { waitForWriteTurn } from "@/lib/write-order";

export type StoreCounts = { seen: number; created: number; updated: number; unchanged: number };
export type StoreProgress = (done: number, total: number) => void;

/**
 * Normalises and sanitizes the items at the given positions of the feed, yielding them in that order,
 * a chunk at a time. The store asks only for new and changed items, and writes each chunk as it comes.
 */
export type PrepareBriefs = (positions: number[]) => AsyncIterable<SanitizedBrief[]>;

type Tx = Prisma.TransactionClient;

/** A brief an ingest changed from a lower severity to a higher one. */
export type RaisedBrief = { id: string; from: Severity; to: Severity };

/** What one store changed, as the steps sharing its transaction see it. */
export type StoredChanges = {
  feedId: string;
  /** Briefs this run created. */
  created: readonly string[];
  /** Briefs this run changed (raised or not). */
  updated: readonly string[];
  raised: readonly RaisedBrief[];
  now: Date;
};

/**
 * Work that must commit or roll back with the briefs (the notification outbox, say): run inside the
 * store's transaction, after the briefs are written. The feed layer does not know what they are; the
 * ingest pipeline (lib/ingest/) passes them in.
 */
export type WithinStore = (tx: Tx, changes: StoredChanges) => Promise<void>;

const PROGRESS_EVERY = 500;
/** A very large feed may take a while to write; the default 5 s interactive-transaction limit is for requests. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

function contentValues(brief: SanitizedBrief, writtenAt: string | null): unknown[] {
  return [
    brief.title,
    brief.link,
    brief.summary,
    brief.bodyHtml,
    brief.bodyText,
    brief.summaryHtml,
    JSON.stringify(brief.attackChain),
    brief.impactHtml,
    JSON.stringify(brief.recommendations),
    brief.severity,
    brief.severityRaw,
    brief.type,
    sqliteDate(brief.publishedAt),
    brief.contentHash,
    writtenAt,
  ];
}

/** Ids of tags by name, created as they first appear; tags are few, so all are read once. */
class TagIds {
  private constructor(private readonly ids: Map<string, string>) {}

  static async load(writer: BriefWriter): Promise<TagIds> {
    return new TagIds(new Map(await writer.tags()));
  }

  async ensure(writer: BriefWriter, tags: readonly TagInput[]): Promise<void> {
    const missing = new Map<string, TagInput>();
    for (const tag of tags) if (!this.ids.has(tag.name)) missing.set(tag.name, tag);
    const rows = [...missing.values()].map((tag) => [randomUUID(), tag.name, tag.kind, tag.label]);
    await writer.insertRows("Tag", ["id", "name", "kind", "label"], rows);
    for (const [id, name] of rows) this.ids.set(name, id);
  }

  get(name: string): string {
    const id = this.ids.get(name);
    if (id === undefined) throw new Error(`Tag ${name} was not created`);
    return id;
  }
}

/** Gives each new brief a slug no other brief has: the link's last segment, then -2, -3, … */
async function assignSlugs(tx: Tx, writer: BriefWriter, bases: readonly string[]): Promise<string[]> {
  const taken = new Set(await writer.takenSlugs([...new Set(bases)]));
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

async function knownBriefs(writer: BriefWriter, items: readonly ItemIdentity[]): Promise<Map<string, KnownBrief>> {
  const rows = await writer.knownBriefs(items.map((item) => item.identity));
  return new Map(rows.map((row) => [row.identity, row]));
}

function briefTagRows(briefs: readonly (SanitizedBrief & { id: string })[], tagIds: TagIds): string[][] {
  return briefs.flatMap((brief) => brief.tags.map((tag) => [brief.id, tagIds.get(tag.name)]));
}

async function createBriefs(
  writer: BriefWriter,
  feedId: string,
  briefs: readonly (SanitizedBrief & { id: string; slug: string })[],
  seenAt: string,
  tagIds: TagIds,
) {
  const writtenAt = sqliteDate(new Date());
  await writer.insertRows(
    "Brief",
    ["id", "identity", "slug", "firstSeenAt", ...CONTENT_COLUMNS],
    briefs.map((brief) => [brief.id, brief.identity, brief.slug, seenAt, ...contentValues(brief, writtenAt)]),
  );
  await writer.insertRows("BriefTag", ["briefId", "tagId"], briefTagRows(briefs, tagIds));
  await writer.insertRows(
    "BriefFeed",
    ["briefId", "feedId", "firstSeenAt", "lastSeenAt"],
    briefs.map((brief) => [brief.id, feedId, seenAt, seenAt]),
  );
}

async function updateBriefs(writer: BriefWriter, briefs: readonly (SanitizedBrief & { id: string })[], tagIds: TagIds) {
  // Each brief's current version is kept as a revision before it is overwritten. capturedAt is the
  // time of writing (in the writers' one order), so revisions written by runs that waited for each
  // other stay in the order they replaced one another.
  const writtenAt = sqliteDate(new Date());
  await writer.updateBriefs(
    briefs.map((brief) => [brief.id, ...contentValues(brief, writtenAt)]),
    writtenAt,
  );
  await writer.insertRows("BriefTag", ["briefId", "tagId"], briefTagRows(briefs, tagIds));
}

/**
 * Writes one feed's briefs in a single transaction: new briefs are created, changed ones updated in
 * place (same id and slug) after their previous version is kept as a BriefRevision, unchanged ones
 * only marked as seen. Which is which is read from the stored hashes first, so only new and changed
 * items are normalised and sanitized (by `prepare`), a chunk at a time while earlier chunks are
 * written. Briefs missing from this fetch are left alone: a feed is a window, not the archive.
 * `withinStore` steps run last, in the same transaction.
 */
export async function writeFeedBriefs(
  feedId: string,
  items: readonly ItemIdentity[],
  prepare: PrepareBriefs,
  onProgress: StoreProgress | undefined,
  withinStore: readonly WithinStore[],
): Promise<StoreCounts> {
  const now = new Date();
  return db.$transaction(
    async (tx) => {
      // Writing first takes SQLite's write lock at once, so a concurrent writer waits instead of
      // failing later when this transaction would upgrade from reading; PostgreSQL takes its turn.
      await waitForWriteTurn(tx);
      await tx.feed.update({ where: { id: feedId }, data: { lastFetchedAt: now } });

      const writer = await briefWriterFor(tx);
      const seenAt = sqliteDate(now);
      const known = await knownBriefs(writer, items);
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

      const slugs = await assignSlugs(
        tx,
        writer,
        fresh.map((position) => items[position].slugBase),
      );
      const slugOf = new Map(fresh.map((position, index) => [items[position].identity, slugs[index]]));
      const tagIds = await TagIds.load(writer);
      const toWrite = [...fresh, ...changed].sort((a, b) => a - b);
      const createdIds: string[] = [];
      const updatedIds: string[] = [];
      const raised: RaisedBrief[] = [];
      for await (const prepared of toWrite.length ? prepare(toWrite) : []) {
        await tagIds.ensure(
          writer,
          prepared.flatMap((brief) => brief.tags),
        );
        const created = prepared
          .filter((brief) => slugOf.has(brief.identity))
          .map((brief) => ({ ...brief, id: randomUUID(), slug: slugOf.get(brief.identity)! }));
        const updated = prepared
          .filter((brief) => !slugOf.has(brief.identity))
          .map((brief) => ({ ...brief, id: known.get(brief.identity)!.id }));
        await createBriefs(writer, feedId, created, seenAt, tagIds);
        await updateBriefs(writer, updated, tagIds);
        createdIds.push(...created.map((brief) => brief.id));
        updatedIds.push(...updated.map((brief) => brief.id));
        for (const brief of updated) {
          const before = known.get(brief.identity)!.severity;
          if (severityRank(brief.severity) < severityRank(before))
            raised.push({ id: brief.id, from: before, to: brief.severity });
        }
        advance(prepared.length);
      }
      if (done !== toWrite.length) throw new Error(`Prepared ${done} of the ${toWrite.length} new and changed briefs`);

      // Known briefs (changed or not) are now also seen in this feed; a brief in several feeds is one row.
      await writer.markSeen(
        feedId,
        [...known.values()].map((row) => row.id),
        seenAt,
      );
      advance(total - done);

      for (const step of withinStore) await step(tx, { feedId, created: createdIds, updated: updatedIds, raised, now });
      if (fresh.length || changed.length) await tx.feed.update({ where: { id: feedId }, data: { lastChangedAt: now } });
      return {
        seen: total,
        created: fresh.length,
        updated: changed.length,
        unchanged: total - fresh.length - changed.length,
      };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}
