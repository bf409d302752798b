import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { relinkBriefsToDetections } from "@/lib/detections/links";
import { normalizeRuleTitle } from "@/lib/detections/normalize-title";
import type { DetectionRecord } from "@/lib/detections/types";

export type SaveCounts = { created: number; updated: number; unchanged: number };

function columnsOf(record: DetectionRecord) {
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
    author: record.author,
    license: record.license,
  };
  return { ...columns, contentHash: createHash("sha256").update(JSON.stringify(columns)).digest("hex") };
}

/**
 * Saves detection records in one transaction, each updated in place by its rule id; an unchanged
 * record is not rewritten. Then the brief ↔ detection links are recomputed.
 */
export async function saveDetections(records: DetectionRecord[]): Promise<SaveCounts> {
  const counts: SaveCounts = { created: 0, updated: 0, unchanged: 0 };
  await db.$transaction(
    async (tx) => {
      const known = new Map((await tx.detection.findMany({ where: { id: { in: records.map((record) => record.id) } }, select: { id: true, contentHash: true } })).map((row) => [row.id, row.contentHash]));
      for (const record of records) {
        const columns = columnsOf(record);
        const hash = known.get(record.id);
        if (hash === undefined) {
          await tx.detection.create({ data: { id: record.id, ...columns } });
          counts.created += 1;
        } else if (hash !== columns.contentHash) {
          await tx.detection.update({ where: { id: record.id }, data: columns });
          counts.updated += 1;
        } else {
          counts.unchanged += 1;
        }
      }
    },
    { timeout: 5 * 60_000, maxWait: 60_000 },
  );
  if (counts.created || counts.updated) await relinkBriefsToDetections();
  return counts;
}
