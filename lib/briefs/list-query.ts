import { isTechniqueId } from "@/lib/attack/techniques";
import { byProvider } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { DAY_MS } from "@/lib/utc-day";
import { activeFilterCount } from "@/lib/briefs/list-options";
import { briefsMatchingSearch } from "@/lib/briefs/search";
import type { Sort } from "@/lib/briefs/list-options";
import type { BriefFilters } from "@/lib/briefs/validations";
import { DECIDED_STATES, TRIAGE_STATES, type TriageState } from "@/lib/briefs/triage-states";

/**
 * SQL for the brief list. One WHERE builder feeds the page, the total and the per-severity counts,
 * so they never disagree. Raw SQL because Prisma cannot reach the full-text index (lib/briefs/search.ts);
 * what differs between SQLite and PostgreSQL is in `dialect` below, the rest is portable SQL.
 */

const dialect = byProvider({
  sqlite: {
    /**
     * Which index each list query reads. Both indexes cover every filter but type (tags match on id,
     * search on the implicit rowid), so SQLite can answer from the index alone; left to itself it
     * looks each matching row up in the table instead, and a brief's row is wide (its body), which
     * made a search over 50,000 briefs ten times slower. INDEXED BY is SQLite's own syntax, like FTS5.
     */
    pageFrom: Prisma.sql`FROM "Brief" b INDEXED BY "Brief_list_order_idx"`,
    countsFrom: Prisma.sql`FROM "Brief" b INDEXED BY "Brief_severity_idx"`,
    /** A brief's severity by id from the index alone: a brief's row is wide, and a team queue looks up thousands. */
    severityOfTriaged: Prisma.sql`FROM "BriefTriage" tr JOIN "Brief" b INDEXED BY "Brief_id_severity_idx" ON b."id" = tr."briefId"`,
    /**
     * Newest first walks the (publishedAt, id, severity) index backwards and stops after a page. SQLite
     * already puts NULLs (undated briefs) last in descending order; spelling out NULLS LAST would stop
     * it from using the index.
     */
    newestFirst: Prisma.sql`b."publishedAt" DESC, b."id" DESC`,
    anyOf: (column: Prisma.Sql, values: readonly string[]) =>
      Prisma.sql`${column} IN (SELECT "value" FROM json_each(${JSON.stringify(values)}))`,
    // SQLite runs an uncorrelated IN subquery once, into a temporary index it probes while it walks the list's order.
    briefIdIn: (subquery: Prisma.Sql) => Prisma.sql`b."id" IN (${subquery})`,
  },
  postgresql: {
    // The planner picks its indexes itself; those the list needs are in migration 20261207000100_list_indexes.
    pageFrom: Prisma.sql`FROM "Brief" b`,
    countsFrom: Prisma.sql`FROM "Brief" b`,
    severityOfTriaged: Prisma.sql`FROM "BriefTriage" tr JOIN "Brief" b ON b."id" = tr."briefId"`,
    // PostgreSQL puts NULLs first in descending order; "Brief_newest_idx" holds this very order.
    newestFirst: Prisma.sql`b."publishedAt" DESC NULLS LAST, b."id" DESC`,
    anyOf: (column: Prisma.Sql, values: readonly string[]) => Prisma.sql`${column} = ANY(${[...values]}::text[])`,
    /**
     * OFFSET 0 keeps the subquery whole: without it PostgreSQL turns it into a join, and for a page it
     * may walk "Brief_newest_idx" probing the tags (or the search documents) of brief after brief,
     * guessing that matches are common. For a rare tag that read all 50,000 briefs (0.6 s, where the
     * counts beside it took 10 ms). Kept whole, the subquery runs once and the page costs about what
     * the counts do.
     */
    briefIdIn: (subquery: Prisma.Sql) => Prisma.sql`b."id" IN (${subquery} OFFSET 0)`,
  },
});

export const LIST_PAGE_FROM = dialect.pageFrom;
/** `column` is one of `values`, however many: one parameter on either database (a JSON array or a text array). */
export const anyOf = dialect.anyOf;
export const LIST_COUNTS_FROM = dialect.countsFrom;
/** Newest first, undated briefs last, ties by id: the list's default order, as an ORDER BY list. */
export const NEWEST_FIRST = dialect.newestFirst;

function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function startOfNextDay(day: string): Date {
  return new Date(startOfDay(day).getTime() + DAY_MS);
}

/** Briefs carrying any of these tags. */
export function briefsWithTags(names: string[]): Prisma.Sql {
  return dialect.briefIdIn(
    Prisma.sql`SELECT bt."briefId" FROM "BriefTag" bt JOIN "Tag" t ON t."id" = bt."tagId" WHERE t."name" IN (${Prisma.join(names)})`,
  );
}

/**
 * Briefs describing an ATT&CK technique or one of its sub-techniques: cited in their text or
 * categories (technique tags), or detected by a rule they link to. Links only ever point to rules
 * in use, so a retired rule's techniques drop out with its links.
 */
export function briefsWithTechnique(id: string): Prisma.Sql {
  const tagName = id.toLowerCase();
  const techniqueId = id.toUpperCase();
  return dialect.briefIdIn(Prisma.sql`
    SELECT bt."briefId" FROM "BriefTag" bt JOIN "Tag" t ON t."id" = bt."tagId"
    WHERE t."kind" = 'technique' AND (t."name" = ${tagName} OR t."name" LIKE ${`${tagName}.%`})
    UNION
    SELECT bd."briefId" FROM "BriefDetection" bd JOIN "DetectionTechnique" dt ON dt."detectionId" = bd."detectionId"
    WHERE dt."techniqueId" = ${techniqueId} OR dt."techniqueId" LIKE ${`${techniqueId}.%`}`);
}

/**
 * The triage states a view asks for (`status`, narrowed by `decided`), or null for any. A brief no
 * one has acted on has no triage row and reads as "new".
 */
function wantedStates(filters: Pick<BriefFilters, "status" | "decided">): TriageState[] | null {
  let states: readonly TriageState[] | null = filters.status.length ? filters.status : null;
  if (filters.decided) {
    const decided = filters.decided === "yes";
    states = (states ?? TRIAGE_STATES).filter((state) => DECIDED_STATES.includes(state) === decided);
  }
  return states ? [...states] : null;
}

/**
 * The states of a team queue: a view whose only filters, severity aside, are triage states
 * (`status`, `decided`). Its counts can come from the triage rows instead of a pass over every
 * brief. Null for any other view.
 */
export function teamQueueStates(filters: BriefFilters): TriageState[] | null {
  const states = wantedStates(filters);
  if (!states) return null;
  return activeFilterCount({ ...filters, severity: [], status: [], decided: undefined }) === 0 ? states : null;
}

/**
 * The triaged briefs per severity whose state is (or, with `inStates` false, is not) one of these:
 * a walk of the triage rows, each brief's severity read from an index. `states` is never empty.
 */
export function triagedSeverityCountsSql(states: readonly TriageState[], inStates: boolean): Prisma.Sql {
  const wanted = Prisma.join([...states]);
  const test = inStates ? Prisma.sql`tr."state" IN (${wanted})` : Prisma.sql`tr."state" NOT IN (${wanted})`;
  return Prisma.sql`SELECT b."severity" AS "severity", COUNT(*) AS "count" ${dialect.severityOfTriaged} WHERE ${test} GROUP BY b."severity"`;
}

function briefsInStates(states: TriageState[]): Prisma.Sql {
  if (states.length === 0) return Prisma.sql`1 = 0`;
  // "new" includes the briefs without a row: exclude those whose row says otherwise.
  if (states.includes("new"))
    return Prisma.sql`b."id" NOT IN (SELECT tr."briefId" FROM "BriefTriage" tr WHERE tr."state" NOT IN (${Prisma.join(states)}))`;
  return dialect.briefIdIn(
    Prisma.sql`SELECT tr."briefId" FROM "BriefTriage" tr WHERE tr."state" IN (${Prisma.join(states)})`,
  );
}

function briefsOwnedBy(assignee: string): Prisma.Sql {
  if (assignee === "none")
    return Prisma.sql`b."id" NOT IN (SELECT tr."briefId" FROM "BriefTriage" tr WHERE tr."assigneeId" IS NOT NULL)`;
  // "me" reaches here only when nobody is asking (the page puts the asker's email in its place): none match.
  if (assignee === "me") return Prisma.sql`1 = 0`;
  return dialect.briefIdIn(
    Prisma.sql`SELECT tr."briefId" FROM "BriefTriage" tr JOIN "User" u ON u."id" = tr."assigneeId" WHERE u."email" = ${assignee}`,
  );
}

export type WhereOptions = {
  ignoreSeverity?: boolean;
  /** For the counts per triage state, which the state filter must not narrow. */
  ignoreStatus?: boolean;
  /** Only these briefs: what an ingest asks of the briefs it just stored, with the list's own semantics. */
  briefIds?: readonly string[];
};

export function briefWhereSql(filters: BriefFilters, options: WhereOptions = {}): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (options.briefIds) conditions.push(anyOf(Prisma.sql`b."id"`, options.briefIds));
  if (filters.severity.length && !options.ignoreSeverity)
    conditions.push(Prisma.sql`b."severity" IN (${Prisma.join(filters.severity)})`);
  if (filters.type) conditions.push(Prisma.sql`b."type" = ${filters.type}`);
  if (filters.from) conditions.push(Prisma.sql`b."publishedAt" >= ${startOfDay(filters.from)}`);
  if (filters.to) conditions.push(Prisma.sql`b."publishedAt" < ${startOfNextDay(filters.to)}`);
  // Any of the chosen tactics, as with severities; but every chosen tag, since tags narrow a
  // view step by step (Entra ID, then OAuth).
  if (filters.tactic.length) conditions.push(briefsWithTags(filters.tactic));
  for (const tag of filters.tag) conditions.push(isTechniqueId(tag) ? briefsWithTechnique(tag) : briefsWithTags([tag]));
  if (filters.rule === "none") conditions.push(Prisma.sql`b."id" NOT IN (SELECT "briefId" FROM "BriefDetection")`);
  if (filters.rule === "any") conditions.push(dialect.briefIdIn(Prisma.sql`SELECT "briefId" FROM "BriefDetection"`));
  const states = options.ignoreStatus ? null : wantedStates(filters);
  if (states) conditions.push(briefsInStates(states));
  if (filters.assignee) conditions.push(briefsOwnedBy(filters.assignee));
  const search = briefsMatchingSearch(filters.q);
  if (search) conditions.push(search);
  else if (filters.q) conditions.push(Prisma.sql`1 = 0`);
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

/** Most severe first. On PostgreSQL, "Brief_severity_rank_idx" indexes this very expression: change both together. */
export const SEVERITY_RANK = Prisma.sql`CASE b."severity" WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 WHEN 'info' THEN 4 ELSE 5 END`;

/** The list's orders; undated briefs come last in each, and ties go by id, on both databases. */
export function briefOrderSql(sort: Sort): Prisma.Sql {
  switch (sort) {
    case "oldest":
      return Prisma.sql`ORDER BY b."publishedAt" ASC NULLS LAST, b."id" ASC`;
    case "severity":
      return Prisma.sql`ORDER BY ${SEVERITY_RANK} ASC, ${NEWEST_FIRST}`;
    case "newest":
      return Prisma.sql`ORDER BY ${NEWEST_FIRST}`;
  }
}
