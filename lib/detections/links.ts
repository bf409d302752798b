import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { db } from "@/lib/db";
import { briefsMatchingPhrase } from "@/lib/briefs/search";
import { findCitedRuleNames } from "@/lib/detections/cited-rules";
import { normalizeRuleTitle } from "@/lib/detections/normalize-title";
import { WRITE_TURN_TRANSACTION, waitForWriteTurn } from "@/lib/write-order";

/** An operator's overrides: link these briefs to these rules whatever the text says. */
export const DETECTION_MAPPING_PATH = path.join(process.cwd(), "data", "detection-mapping.json");

const mappingSchema = z.object({
  links: z.array(z.object({ brief: z.string().min(1), detection: z.string().min(1) })),
});

async function readMapping(): Promise<{ brief: string; detection: string }[]> {
  let text: string;
  try {
    text = await fs.readFile(DETECTION_MAPPING_PATH, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const parsed = mappingSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${DETECTION_MAPPING_PATH}: expected {"links": [{"brief": "<slug>", "detection": "<rule id>"}]}`);
  return parsed.data.links;
}

/**
 * Recomputes which detections each brief points to: the rules it cites by name ("Deploy the Sigma
 * rule “X”"), else a rule with its own title. A brief named in the mapping file gets exactly the
 * rules the file lists instead. Retired rules are never linked. Candidates come from a full-text phrase search per rule title, so
 * the work grows with the number of rules, not of briefs.
 */
export async function relinkBriefsToDetections(): Promise<number> {
  // A retired rule is gone from its library: kept for the record, never offered to a brief again.
  const detections = await db.detection.findMany({
    where: { retiredAt: null },
    select: { id: true, normalizedTitle: true },
  });
  const matches = new Map<string, { cited: string[]; titled: string[] }>();
  for (const detection of detections) {
    const candidates = await db.$queryRaw<{ id: string; title: string; bodyText: string }[]>`
      SELECT b."id", b."title", b."bodyText" FROM "Brief" b WHERE ${briefsMatchingPhrase(detection.normalizedTitle)}`;
    for (const brief of candidates) {
      const match = matches.get(brief.id) ?? { cited: [], titled: [] };
      if (findCitedRuleNames(brief.bodyText).map(normalizeRuleTitle).includes(detection.normalizedTitle))
        match.cited.push(detection.id);
      else if (normalizeRuleTitle(brief.title) === detection.normalizedTitle) match.titled.push(detection.id);
      matches.set(brief.id, match);
    }
  }

  const links: { briefId: string; detectionId: string; reason: string }[] = [];
  const mapping = await readMapping();
  const mappedBriefIds = new Map(
    (
      await db.brief.findMany({
        where: { slug: { in: mapping.map((link) => link.brief) } },
        select: { id: true, slug: true },
      })
    ).map((row) => [row.slug, row.id]),
  );
  const known = new Set(detections.map((detection) => detection.id));
  const overridden = new Set<string>();
  for (const link of mapping) {
    const briefId = mappedBriefIds.get(link.brief);
    if (!briefId || !known.has(link.detection)) continue;
    overridden.add(briefId);
    if (!links.some((existing) => existing.briefId === briefId && existing.detectionId === link.detection))
      links.push({ briefId, detectionId: link.detection, reason: "mapping" });
  }
  for (const [briefId, match] of matches) {
    if (overridden.has(briefId)) continue;
    const [ids, reason] = match.cited.length ? [match.cited, "cited"] : [match.titled, "title"];
    for (const detectionId of ids) links.push({ briefId, detectionId, reason });
  }

  // In the writers' turn: two servers relinking at once on PostgreSQL would otherwise each insert
  // the other's new rows (READ COMMITTED hides them from the delete) and collide on the key.
  await db.$transaction(async (tx) => {
    await waitForWriteTurn(tx);
    await tx.briefDetection.deleteMany();
    await tx.briefDetection.createMany({ data: links });
  }, WRITE_TURN_TRANSACTION);
  return links.length;
}
