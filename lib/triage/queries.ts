import "server-only";
import { db, readRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { anyOf, briefWhereSql } from "@/lib/briefs/list-query";
import {
  isDismissReason,
  isTriageState,
  TRIAGE_STATES,
  type DismissReason,
  type TriageState,
} from "@/lib/briefs/triage-states";
import { DEFAULT_LIST_PARAMS, type BriefFilters } from "@/lib/briefs/validations";
import { activeFilterCount } from "@/lib/briefs/list-options";
import { countBriefsBySeverity } from "@/lib/briefs/queries";

export type TriageUser = { id: string; email: string; name: string };

/** A brief's decision as the team sees it; version 0 means nobody has acted on it yet. */
export type TriageView = {
  briefId: string;
  slug: string;
  state: TriageState;
  reason: DismissReason | null;
  comment: string | null;
  duplicateOf: string | null;
  assignee: TriageUser | null;
  version: number;
  changedAt: Date | null;
  changedBy: string | null;
  firstDecidedAt: Date | null;
  /** When the feed changed the decided brief, until an analyst acknowledges it. */
  updatedSinceDecisionAt: Date | null;
};

export type TriageHistoryLine = {
  id: string;
  at: Date;
  actorEmail: string;
  /** "feed-update": the feed changed the decided brief; "acknowledge": an analyst has seen that. */
  kind: "state" | "assign" | "feed-update" | "acknowledge";
  fromState: TriageState | null;
  toState: TriageState | null;
  reason: string | null;
  comment: string | null;
  fromAssignee: string | null;
  toAssignee: string | null;
  /** Set when a service account (a SOAR) made the change: its name, shown with a marker instead of a person's. */
  serviceAccount?: string;
};

/** The decision on the brief with this slug, or null when there is no such brief. */
export async function readTriage(slug: string): Promise<TriageView | null> {
  const brief = await db.brief.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      triage: { include: { assignee: { select: { id: true, email: true, name: true } } } },
    },
  });
  if (!brief) return null;
  const row = brief.triage;
  return {
    briefId: brief.id,
    slug: brief.slug,
    state: row && isTriageState(row.state) ? row.state : "new",
    reason: row && isDismissReason(row.reason) ? row.reason : null,
    comment: row?.comment ?? null,
    duplicateOf: row?.duplicateOf ?? null,
    assignee: row?.assignee ?? null,
    version: row?.version ?? 0,
    changedAt: row?.changedAt ?? null,
    changedBy: row?.changedBy ?? null,
    firstDecidedAt: row?.firstDecidedAt ?? null,
    updatedSinceDecisionAt: row?.updatedSinceDecisionAt ?? null,
  };
}

const HISTORY_KINDS: readonly TriageHistoryLine["kind"][] = ["state", "assign", "feed-update", "acknowledge"];

/** Every change of the brief's triage, oldest first. */
export async function triageHistory(briefId: string): Promise<TriageHistoryLine[]> {
  const rows = await db.triageEvent.findMany({ where: { briefId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  // Who was a service account: one look-up for the page, none for a brief nobody has acted on.
  const services = new Map(
    actorIds.length
      ? (
          await db.user.findMany({
            where: { id: { in: actorIds }, kind: "service" },
            select: { id: true, name: true },
          })
        ).map((user) => [user.id, user.name])
      : [],
  );
  return rows.map((row) => ({
    ...(row.actorId && services.has(row.actorId) ? { serviceAccount: services.get(row.actorId) } : {}),
    id: row.id,
    at: row.at,
    actorEmail: row.actorEmail,
    kind: HISTORY_KINDS.includes(row.kind as TriageHistoryLine["kind"])
      ? (row.kind as TriageHistoryLine["kind"])
      : "state",
    fromState: isTriageState(row.fromState) ? row.fromState : null,
    toState: isTriageState(row.toState) ? row.toState : null,
    reason: row.reason,
    comment: row.comment,
    fromAssignee: row.fromAssignee,
    toAssignee: row.toAssignee,
  }));
}

/** Users who may own a brief (analysts and admins, not disabled), for the owner picker. */
export async function possibleAssignees(): Promise<TriageUser[]> {
  return db.user.findMany({
    where: { disabledAt: null, role: { in: ["analyst", "admin"] } },
    select: { id: true, email: true, name: true },
    orderBy: { email: "asc" },
  });
}

export type RowTriage = { state: TriageState; assignee: string | null; updatedSinceDecision: boolean };

/** State and owner of each of these briefs by slug (the list's rows); a brief missing here is new, with nobody. */
export async function triageOfBriefs(slugs: readonly string[]): Promise<Map<string, RowTriage>> {
  if (slugs.length === 0) return new Map();
  const rows = await readRows<{
    slug: string;
    state: string;
    assignee: string | null;
    flagged: number | bigint;
  }>(Prisma.sql`
    SELECT b."slug" AS "slug", tr."state" AS "state", u."email" AS "assignee",
      CASE WHEN tr."updatedSinceDecisionAt" IS NULL THEN 0 ELSE 1 END AS "flagged"
    FROM "Brief" b JOIN "BriefTriage" tr ON tr."briefId" = b."id" LEFT JOIN "User" u ON u."id" = tr."assigneeId"
    WHERE ${anyOf(Prisma.sql`b."slug"`, slugs)}`);
  return new Map(
    rows.map((row) => [
      row.slug,
      {
        state: isTriageState(row.state) ? row.state : "new",
        assignee: row.assignee,
        updatedSinceDecision: Number(row.flagged) === 1,
      },
    ]),
  );
}

/** How many briefs of the view are in each state, under every filter but the state ones (as severity counts are). */
export async function countBriefsByState(filters: BriefFilters): Promise<Record<TriageState, number>> {
  const counts = Object.fromEntries(TRIAGE_STATES.map((state) => [state, 0])) as Record<TriageState, number>;
  // With no filter but the state ones (the list, a team queue), count the triage rows and take "new"
  // as the rest of every brief (the cached total): no pass over all briefs after each decision.
  if (activeFilterCount({ ...filters, status: [], decided: undefined }) === 0) {
    const [rows, all] = await Promise.all([
      readRows<{ state: string; count: number | bigint }>(
        Prisma.sql`SELECT tr."state" AS "state", COUNT(*) AS "count" FROM "BriefTriage" tr GROUP BY tr."state"`,
      ),
      countBriefsBySeverity(DEFAULT_LIST_PARAMS),
    ]);
    for (const row of rows) if (isTriageState(row.state) && row.state !== "new") counts[row.state] += Number(row.count);
    counts.new = all.total - TRIAGE_STATES.reduce((sum, state) => (state === "new" ? sum : sum + counts[state]), 0);
    return counts;
  }
  const rows = await readRows<{ state: string; count: number | bigint }>(Prisma.sql`
    SELECT COALESCE(tr."state", 'new') AS "state", COUNT(*) AS "count"
    FROM "Brief" b LEFT JOIN "BriefTriage" tr ON tr."briefId" = b."id"
    ${briefWhereSql(filters, { ignoreStatus: true })}
    GROUP BY COALESCE(tr."state", 'new')`);
  for (const row of rows) if (isTriageState(row.state)) counts[row.state] += Number(row.count);
  return counts;
}

/** When the team last changed any brief's decision or owner: what moves a view filtered on triage. */
export async function newestTriageChangeAt(): Promise<Date | null> {
  return (await db.briefTriage.aggregate({ _max: { changedAt: true } }))._max.changedAt;
}
