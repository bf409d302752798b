import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { relinkBriefsToDetections } from "@/lib/detections/links";
import { normalizeRuleTitle } from "@/lib/detections/normalize-title";
import type { DetectionRecord } from "@/lib/detections/types";
import { waitForWriteTurn } from "@/lib/write-order";

export type SaveCounts = { created: number; updated: number; unchanged: number };
export type LibraryCounts = SaveCounts & { retired: number };

/** A rule read from a synced library, with the archive path it came from. */
export type LibraryRecord = DetectionRecord & { originPath: string };

type Origin = { origin: string | null; originPath: string | null };

/** A stored rule a save rewrote, with the rule text it had before (to tell whether its query changed). */
export type RewrittenRule = { id: string; before: { ruleText: string; ruleFormat: string } };

/**
 * Work that must commit or roll back with a library's rules (notifying that a deployed rule's query
 * changed, say): runs inside the save's transaction, after the rules are written. The detections
 * layer does not know what it is; the caller passes it in, as ingests pass theirs to the feed store.
 */
export type WithinRuleSave = (
  tx: Prisma.TransactionClient,
  rewritten: readonly RewrittenRule[],
  now: Date,
) => Promise<void>;

const TRANSACTION_OPTIONS = { timeout: 5 * 60_000, maxWait: 60_000 };

function columnsOf(record: DetectionRecord, origin: Origin) {
  const columns = {
    title: record.title,
    normalizedTitle: normalizeRuleTitle(record.title),
    status: record.status,
    level: record.level,
    description: record.description,
    logProduct: record.logsource?.product ?? null,
    logService: record.logsource?.service ?? null,
    logCategory: record.logsource?.category ?? null,
    ruleFormat: record.ruleFormat,
    ruleText: record.ruleText,
    techniques: record.techniques,
    tactics: record.tactics,
    falsePositives: record.falsePositives,
    references: record.references,
    triage: record.triage as unknown as Prisma.InputJsonValue,
    nativeQuery: (record.nativeQuery ?? undefined) as Prisma.InputJsonValue | undefined,
    source: record.source,
    origin: origin.origin,
    originPath: origin.originPath,
    author: record.author,
    license: record.license,
  };
  return { ...columns, contentHash: createHash("sha256").update(JSON.stringify(columns)).digest("hex") };
}

/** The rule's techniques as rows of DetectionTechnique, which brief and coverage queries join on. */
function techniqueRows(record: DetectionRecord) {
  return [...new Set(record.techniques.map((id) => id.trim().toUpperCase()))].map((techniqueId) => ({ techniqueId }));
}

/**
 * Writes records inside a transaction, each updated in place by its rule id; an unchanged record is
 * not rewritten. A retired rule that is written again (it came back to its library) is restored.
 */
async function writeRecords(
  tx: Prisma.TransactionClient,
  records: { record: DetectionRecord; origin: Origin }[],
  rewritten: RewrittenRule[] = [],
): Promise<SaveCounts> {
  // Two servers starting at once both save the bundled rules: the second, in its turn, finds them stored.
  await waitForWriteTurn(tx);
  const counts: SaveCounts = { created: 0, updated: 0, unchanged: 0 };
  const known = new Map(
    (
      await tx.detection.findMany({
        where: { id: { in: records.map(({ record }) => record.id) } },
        select: { id: true, contentHash: true, retiredAt: true, ruleText: true, ruleFormat: true },
      })
    ).map((row) => [row.id, row]),
  );
  for (const { record, origin } of records) {
    const columns = columnsOf(record, origin);
    const stored = known.get(record.id);
    if (stored === undefined) {
      await tx.detection.create({
        data: { id: record.id, ...columns, techniqueRows: { create: techniqueRows(record) } },
      });
      counts.created += 1;
    } else if (stored.contentHash !== columns.contentHash || stored.retiredAt !== null) {
      await tx.detection.update({
        where: { id: record.id },
        data: { ...columns, retiredAt: null, techniqueRows: { deleteMany: {}, create: techniqueRows(record) } },
      });
      rewritten.push({ id: record.id, before: { ruleText: stored.ruleText, ruleFormat: stored.ruleFormat } });
      counts.updated += 1;
    } else {
      counts.unchanged += 1;
    }
  }
  return counts;
}

/**
 * Saves detection records (bundled or hand-imported) in one transaction, then recomputes the
 * brief ↔ detection links. `withinSave` steps run last, in the same transaction, as for a library.
 */
export async function saveDetections(
  records: DetectionRecord[],
  withinSave: readonly WithinRuleSave[] = [],
): Promise<SaveCounts> {
  const counts = await db.$transaction(async (tx) => {
    const rewritten: RewrittenRule[] = [];
    const written = await writeRecords(
      tx,
      records.map((record) => ({ record, origin: { origin: null, originPath: null } })),
      rewritten,
    );
    for (const step of withinSave) await step(tx, rewritten, new Date());
    return written;
  }, TRANSACTION_OPTIONS);
  if (counts.created || counts.updated) await relinkBriefsToDetections();
  return counts;
}

/**
 * Saves what a sync read from one rule library, in one transaction: its rules are written with
 * their origin, and the library's rules it no longer holds are retired (kept, never linked again).
 * A rule whose file is still there but could not be read this time (`unreadPaths`) is left as it
 * was: a parser's limit is not the library dropping the rule. `withinSave` steps run last, in the
 * same transaction.
 */
export async function saveLibrary(
  origin: string,
  records: LibraryRecord[],
  unreadPaths: readonly string[],
  withinSave: readonly WithinRuleSave[] = [],
): Promise<LibraryCounts> {
  const counts = await db.$transaction(async (tx) => {
    const rewritten: RewrittenRule[] = [];
    const written = await writeRecords(
      tx,
      records.map(({ originPath, ...record }) => ({ record, origin: { origin, originPath } })),
      rewritten,
    );
    const retired = await tx.detection.updateMany({
      where: {
        origin,
        retiredAt: null,
        id: { notIn: records.map((record) => record.id) },
        OR: [{ originPath: null }, { originPath: { notIn: [...unreadPaths] } }],
      },
      data: { retiredAt: new Date() },
    });
    for (const step of withinSave) await step(tx, rewritten, new Date());
    return { ...written, retired: retired.count };
  }, TRANSACTION_OPTIONS);
  if (counts.created || counts.updated || counts.retired) await relinkBriefsToDetections();
  return counts;
}
