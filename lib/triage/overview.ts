import "server-only";
import { db, readDate, readRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { briefListHref } from "@/lib/briefs/list-href";
import { countBriefsBySeverity } from "@/lib/briefs/queries";
import { DECIDED_STATES, TRIAGE_STATES, type TriageState } from "@/lib/briefs/triage-states";
import { parseBriefListParams } from "@/lib/briefs/validations";
import { DAY_MS, toIsoDay } from "@/lib/utc-day";
import { countBriefsByState } from "@/lib/triage/queries";

/** A high or critical brief still undecided this many days after publication is overdue. */
export const OVERDUE_AFTER_DAYS = 7;
/** The window the median time to a first decision is taken over. */
export const DECISION_WINDOW_DAYS = 30;

export type TriageOverview = {
  byState: Record<TriageState, number>;
  /** High and critical briefs published before `overdue.before`, not decided yet, and the list view of them. */
  overdue: { count: number; before: string; href: string };
  /** Median hours from publication to first decision, over briefs first decided in the window; null without any. */
  timeToDecision: { medianHours: number | null; decisions: number };
  /** Briefs each person decided since the first of this month (UTC), most first. */
  decisionsThisMonth: { actor: string; decisions: number }[];
};

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * What the team has done, for the overview: briefs by state, the high and critical ones nobody has
 * decided a week on, how long a decision takes, and who decides. `now` fixes the windows (tests pass it).
 */
export async function triageOverview(now: Date): Promise<TriageOverview> {
  // "Older than 7 days": published before the start of the UTC day a week ago. The list's `to` is
  // inclusive, so the link's last day is the one before; the count is the list's own, so they agree.
  const lastOverdueDay = toIsoDay(new Date(now.getTime() - (OVERDUE_AFTER_DAYS + 1) * DAY_MS));
  const overdueView = parseBriefListParams({ severity: "high,critical", decided: "no", to: lastOverdueDay });
  const windowStart = new Date(now.getTime() - DECISION_WINDOW_DAYS * DAY_MS);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

  const [byState, overdue, firstDecisions, perActor] = await Promise.all([
    countBriefsByState(parseBriefListParams({})),
    countBriefsBySeverity(overdueView),
    readRows<{ publishedAt: Date | string | null; firstDecidedAt: Date | string }>(Prisma.sql`
      SELECT b."publishedAt" AS "publishedAt", tr."firstDecidedAt" AS "firstDecidedAt"
      FROM "BriefTriage" tr JOIN "Brief" b ON b."id" = tr."briefId"
      WHERE tr."firstDecidedAt" >= ${windowStart} AND tr."firstDecidedAt" <= ${now} AND b."publishedAt" IS NOT NULL`),
    // A decision is a move into a decided state; each counts, so one brief decided twice counts twice.
    db.triageEvent.groupBy({
      by: ["actorEmail"],
      where: { kind: "state", toState: { in: [...DECIDED_STATES] }, at: { gte: monthStart, lte: now } },
      _count: { _all: true },
    }),
  ]);

  const hours = firstDecisions.flatMap((row) => {
    const published = readDate(row.publishedAt);
    const decided = readDate(row.firstDecidedAt);
    // A brief decided before its stated publication (a feed's clock) counts as decided at once.
    return published && decided ? [Math.max(0, decided.getTime() - published.getTime()) / 3_600_000] : [];
  });
  return {
    byState: Object.fromEntries(TRIAGE_STATES.map((state) => [state, byState[state]])) as Record<TriageState, number>,
    overdue: {
      count: overdue.total,
      before: toIsoDay(new Date(now.getTime() - OVERDUE_AFTER_DAYS * DAY_MS)),
      href: briefListHref(overdueView),
    },
    timeToDecision: { medianHours: median(hours), decisions: hours.length },
    decisionsThisMonth: perActor
      .map((group) => ({ actor: group.actorEmail, decisions: group._count._all }))
      .sort((a, b) => b.decisions - a.decisions || a.actor.localeCompare(b.actor)),
  };
}
