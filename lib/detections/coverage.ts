import "server-only";
import { db } from "@/lib/db";
import { convertForEveryBackend } from "@/lib/detections/conversions";
import { listDetectionsByIds } from "@/lib/detections/queries";

export type DetectionCoverage = {
  briefs: number;
  /** Briefs linked to at least one rule in use. */
  withRule: number;
  /** Briefs linked to a rule that gives a query for every SIEM the dashboard converts for. */
  withEverySiem: number;
};

/**
 * How far the rule library covers the briefs: "N of M briefs have a rule; K have a query for every
 * SIEM". Links only ever point to rules in use (retired ones are unlinked on sync), so counting
 * links is counting coverage.
 */
export async function detectionCoverage(): Promise<DetectionCoverage> {
  const [briefs, links] = await Promise.all([
    db.brief.count(),
    db.briefDetection.findMany({ select: { briefId: true, detectionId: true } }),
  ]);
  const linked = await listDetectionsByIds([...new Set(links.map((link) => link.detectionId))]);
  const everySiem = new Set(
    linked
      .filter((rule) => convertForEveryBackend(rule).every((conversion) => conversion.query !== null))
      .map((rule) => rule.id),
  );
  return {
    briefs,
    withRule: new Set(links.map((link) => link.briefId)).size,
    withEverySiem: new Set(links.filter((link) => everySiem.has(link.detectionId)).map((link) => link.briefId)).size,
  };
}
