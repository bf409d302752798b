import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { BriefInput } from "@/lib/feed/normalise";
import { sanitizeBriefHtml } from "@/lib/feed/sanitize";

export type StoreCounts = { seen: number; created: number; updated: number; unchanged: number };
export type StoreProgress = (done: number, total: number) => void;

type Tx = Prisma.TransactionClient;

/** SQLite caps bound parameters per statement; stay well below it on every platform. */
const CHUNK = 500;
const PROGRESS_EVERY = 500;
/** A very large feed may take a while to write; the default 5 s interactive-transaction limit is for requests. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

function chunks<T>(values: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < values.length; index += size) result.push(values.slice(index, index + size));
  return result;
}

function sanitizedColumns(brief: BriefInput) {
  const options = { baseUrl: brief.link };
  return {
    title: brief.title,
    link: brief.link,
    summary: brief.summary,
    bodyHtml: sanitizeBriefHtml(brief.bodyHtml, options),
    bodyText: brief.bodyText,
    summaryHtml: sanitizeBriefHtml(brief.summaryHtml, options),
    attackChain: brief.attackChain.map((step) => sanitizeBriefHtml(step, options)),
    impactHtml: brief.impactHtml === null ? null : sanitizeBriefHtml(brief.impactHtml, options),
    recommendations: brief.recommendations.map((step) => sanitizeBriefHtml(step, options)),
    severity: brief.severity,
    severityRaw: brief.severityRaw,
    type: brief.type,
    publishedAt: brief.publishedAt,
    contentHash: brief.contentHash,
  };
}

/** The columns a revision keeps: what a reader of the brief sees, and the hash it had. */
const revisionSelect = {
  id: true,
  title: true,
  summary: true,
  severity: true,
  severityRaw: true,
  type: true,
  publishedAt: true,
  summaryHtml: true,
  impactHtml: true,
  attackChain: true,
  recommendations: true,
  bodyHtml: true,
  contentHash: true,
} as const satisfies Prisma.BriefSelect;

async function tagIdsByName(tx: Tx, briefs: BriefInput[]): Promise<Map<string, string>> {
  const wanted = new Map(briefs.flatMap((brief) => brief.tags.map((tag) => [tag.name, tag] as const)));
  const ids = new Map<string, string>();
  for (const names of chunks([...wanted.keys()])) {
    for (const tag of await tx.tag.findMany({ where: { name: { in: names } }, select: { id: true, name: true } })) {
      ids.set(tag.name, tag.id);
    }
  }
  const missing = [...wanted.values()].filter((tag) => !ids.has(tag.name)).map((tag) => ({ id: randomUUID(), ...tag }));
  for (const batch of chunks(missing)) await tx.tag.createMany({ data: batch });
  for (const tag of missing) ids.set(tag.name, tag.id);
  return ids;
}

/** Gives each new brief a slug no other brief has: the link's last segment, then -2, -3, … */
async function assignSlugs(tx: Tx, briefs: BriefInput[]): Promise<string[]> {
  const taken = new Set<string>();
  for (const bases of chunks([...new Set(briefs.map((brief) => brief.slugBase))])) {
    for (const row of await tx.brief.findMany({ where: { slug: { in: bases } }, select: { slug: true } })) taken.add(row.slug);
  }
  const slugs: string[] = [];
  for (const brief of briefs) {
    let slug = brief.slugBase;
    if (taken.has(slug)) {
      const siblings = await tx.brief.findMany({ where: { slug: { startsWith: `${brief.slugBase}-` } }, select: { slug: true } });
      for (const row of siblings) taken.add(row.slug);
      let suffix = 2;
      while (taken.has(`${brief.slugBase}-${suffix}`)) suffix += 1;
      slug = `${brief.slugBase}-${suffix}`;
    }
    taken.add(slug);
    slugs.push(slug);
  }
  return slugs;
}

/**
 * Writes one feed's briefs in a single transaction: new briefs are created, changed ones updated in
 * place (same id and slug) after their previous version is kept as a BriefRevision, unchanged ones
 * only marked as seen. Briefs missing from this fetch are
 * left alone: a feed is a window, not the archive.
 */
export async function storeBriefs(feedId: string, briefs: BriefInput[], onProgress?: StoreProgress): Promise<StoreCounts> {
  const now = new Date();
  return db.$transaction(
    async (tx) => {
      // Writing first takes SQLite's write lock at once, so a concurrent writer waits instead of
      // failing later when this transaction would upgrade from reading.
      await tx.feed.update({ where: { id: feedId }, data: { lastFetchedAt: now } });

      const existing = new Map<string, { id: string; contentHash: string }>();
      for (const identities of chunks(briefs.map((brief) => brief.identity))) {
        const rows = await tx.brief.findMany({ where: { identity: { in: identities } }, select: { id: true, identity: true, contentHash: true } });
        for (const row of rows) existing.set(row.identity, row);
      }

      const fresh = briefs.filter((brief) => !existing.has(brief.identity));
      const changed = briefs.filter((brief) => {
        const known = existing.get(brief.identity);
        return known !== undefined && known.contentHash !== brief.contentHash;
      });
      const tagIds = await tagIdsByName(tx, [...fresh, ...changed]);
      const total = briefs.length;
      let done = 0;
      const advance = (count: number) => {
        if (count === 0) return;
        const before = Math.floor(done / PROGRESS_EVERY);
        done += count;
        if (onProgress && (Math.floor(done / PROGRESS_EVERY) > before || done === total)) onProgress(done, total);
      };

      const slugs = await assignSlugs(tx, fresh);
      const freshIds: string[] = [];
      for (const [batchIndex, batch] of chunks(fresh).entries()) {
        const rows = batch.map((brief, index) => {
          const id = randomUUID();
          freshIds.push(id);
          return { id, identity: brief.identity, slug: slugs[batchIndex * CHUNK + index], firstSeenAt: now, ...sanitizedColumns(brief) };
        });
        await tx.brief.createMany({ data: rows });
        await tx.briefTag.createMany({
          data: batch.flatMap((brief, index) => brief.tags.map((tag) => ({ briefId: rows[index].id, tagId: tagIds.get(tag.name)! }))),
        });
        await tx.briefFeed.createMany({ data: rows.map((row) => ({ briefId: row.id, feedId, firstSeenAt: now, lastSeenAt: now })) });
        advance(batch.length);
      }

      // Keep each changed brief's current version as a revision before overwriting it. capturedAt
      // takes its default (the time of writing, under the write lock), so revisions written by
      // runs that waited for each other stay in the order they replaced one another.
      for (const ids of chunks(changed.map((brief) => existing.get(brief.identity)!.id))) {
        const previous = await tx.brief.findMany({ where: { id: { in: ids } }, select: revisionSelect });
        await tx.briefRevision.createMany({
          data: previous.map(({ id, attackChain, recommendations, ...values }) => ({
            briefId: id,
            attackChain: attackChain ?? [],
            recommendations: recommendations ?? [],
            ...values,
          })),
        });
      }

      for (const brief of changed) {
        const id = existing.get(brief.identity)!.id;
        await tx.brief.update({ where: { id }, data: sanitizedColumns(brief) });
        await tx.briefTag.deleteMany({ where: { briefId: id } });
        await tx.briefTag.createMany({ data: brief.tags.map((tag) => ({ briefId: id, tagId: tagIds.get(tag.name)! })) });
        advance(1);
      }

      // Known briefs (changed or not) are now also seen in this feed; a brief in several feeds is one row.
      const knownIds = [...existing.values()].map((row) => row.id);
      for (const ids of chunks(knownIds)) {
        const linked = await tx.briefFeed.findMany({ where: { feedId, briefId: { in: ids } }, select: { briefId: true } });
        const linkedIds = new Set(linked.map((row) => row.briefId));
        await tx.briefFeed.updateMany({ where: { feedId, briefId: { in: [...linkedIds] } }, data: { lastSeenAt: now } });
        const unlinked = ids.filter((id) => !linkedIds.has(id));
        if (unlinked.length) await tx.briefFeed.createMany({ data: unlinked.map((briefId) => ({ briefId, feedId, firstSeenAt: now, lastSeenAt: now })) });
      }
      advance(total - done);

      if (fresh.length || changed.length) await tx.feed.update({ where: { id: feedId }, data: { lastChangedAt: now } });
      return { seen: total, created: fresh.length, updated: changed.length, unchanged: total - fresh.length - changed.length };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}
