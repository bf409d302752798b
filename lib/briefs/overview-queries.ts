import "server-only";
import { db } from "@/lib/db";
import { SEVERITIES, isSeverity, type Severity } from "@/lib/briefs/severity";
import { DAY_MS } from "@/lib/utc-day";

export const CHART_WEEKS = 12;

export type SeverityTotals = Record<Severity, number>;
export type WeekBucket = { start: Date; end: Date; counts: SeverityTotals; total: number };

function emptyTotals(): SeverityTotals {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as SeverityTotals;
}

/** Briefs per severity, published on or after `since` (all time without it). */
export async function countBySeverity(since?: Date): Promise<SeverityTotals> {
  const groups = await db.brief.groupBy({
    by: ["severity"],
    where: since ? { publishedAt: { gte: since } } : {},
    _count: { _all: true },
  });
  const totals = emptyTotals();
  for (const group of groups) totals[isSeverity(group.severity) ? group.severity : "unknown"] += group._count._all;
  return totals;
}

/** Monday 00:00 UTC of the week holding `date`. */
export function weekStart(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/**
 * Briefs per week, stacked by severity, for the weeks up to the newest brief (not up to today:
 * a quiet feed still shows its last activity rather than an empty chart).
 */
export async function briefsPerWeek(weeks = CHART_WEEKS): Promise<WeekBucket[]> {
  const newest = await db.brief.findFirst({
    where: { publishedAt: { not: null } },
    orderBy: { publishedAt: "desc" },
    select: { publishedAt: true },
  });
  if (!newest?.publishedAt) return [];
  const lastWeek = weekStart(newest.publishedAt);
  const first = new Date(lastWeek.getTime() - (weeks - 1) * 7 * DAY_MS);
  const buckets: WeekBucket[] = Array.from({ length: weeks }, (_, index) => {
    const start = new Date(first.getTime() + index * 7 * DAY_MS);
    return { start, end: new Date(start.getTime() + 6 * DAY_MS), counts: emptyTotals(), total: 0 };
  });
  const rows = await db.brief.findMany({
    where: { publishedAt: { gte: first } },
    select: { publishedAt: true, severity: true },
  });
  for (const row of rows) {
    const index = Math.floor((row.publishedAt!.getTime() - first.getTime()) / (7 * DAY_MS));
    const bucket = buckets[index];
    if (!bucket) continue;
    bucket.counts[isSeverity(row.severity) ? row.severity : "unknown"] += 1;
    bucket.total += 1;
  }
  return buckets;
}
