import "server-only";
import { db, readRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { LIST_COUNTS_FROM, NEWEST_FIRST, SEVERITY_RANK, briefWhereSql } from "@/lib/briefs/list-query";
import { readThroughCache } from "@/lib/briefs/read-cache";
import { SEVERITIES, isSeverity, severityRank, type Severity } from "@/lib/briefs/severity";
import { countBriefsBySeverity } from "@/lib/briefs/queries";
import { hasFilters, parseBriefListParams, type BriefFilters } from "@/lib/briefs/validations";
import type { CoverageParams, RuleScope } from "@/lib/coverage/matrix-views";
import {
  buildCoverage,
  uncoveredTechniques,
  type BriefCount,
  type CoverageCounts,
  type CoverageModel,
  type CoverageRow,
  type RuleCount,
} from "@/lib/coverage/model";
import { parseCoverageParams } from "@/lib/coverage/validations";
import { DAY_MS, toIsoDay } from "@/lib/utc-day";

/**
 * Coverage counts per ATT&CK technique. A brief describes a technique its text or categories cite
 * (technique tags) or a rule it links to detects; a rule counts while it is in use (not retired).
 * A technique's counts take in its sub-techniques (a brief on T1110.003 is a Brute Force brief),
 * each brief and rule once; a sub-technique counts only itself.
 */


/**
 * Brief and technique pairs of the briefs the filters match, with the brief's severity rank, keyed
 * by technique and by its parent. The technique rows (technique tags, rule links) are few; the
 * briefs may be 50,000. Filters narrow the briefs once (a search or a tag filter is not free), and
 * the technique rows are looked up among them; without filters every brief counts, and each
 * technique row finds its brief by id instead.
 */
function briefTechniquePairs(filters: BriefFilters): Prisma.Sql {
  const matched = hasFilters(filters)
    ? Prisma.sql`"matched" AS MATERIALIZED (SELECT b."id" AS "id", ${SEVERITY_RANK} AS "rank", b."severity" AS "severity" ${LIST_COUNTS_FROM} ${briefWhereSql(filters)})`
    : Prisma.sql`"matched" AS NOT MATERIALIZED (SELECT b."id" AS "id", ${SEVERITY_RANK} AS "rank", b."severity" AS "severity" FROM "Brief" b)`;
  return Prisma.sql`${matched},
    "cited" AS MATERIALIZED (
      SELECT m."id" AS "id", m."rank" AS "rank", m."severity" AS "severity", UPPER(t."name") AS "technique"
      FROM "Tag" t JOIN "BriefTag" bt ON bt."tagId" = t."id" JOIN "matched" m ON m."id" = bt."briefId"
      WHERE t."kind" = 'technique'
      UNION
      SELECT m."id", m."rank", m."severity", dt."techniqueId"
      FROM "BriefDetection" bd JOIN "matched" m ON m."id" = bd."briefId" JOIN "DetectionTechnique" dt ON dt."detectionId" = bd."detectionId"
    ),
    "keyed" AS (
      SELECT "id", "rank", "severity", "technique", 1 AS "direct" FROM "cited"
      UNION ALL
      SELECT "id", "rank", "severity", SUBSTR("technique", 1, 5), 0 FROM "cited" WHERE LENGTH("technique") > 5
    )`;
}

/** Filters that leave every brief in but for their severity: the counts then come from one count kept per data version. */
function onlySeverity(filters: BriefFilters): boolean {
  return !hasFilters({ ...filters, severity: [] });
}

type TechniqueSeverityCount = { technique: string; severity: string; briefs: number; direct: boolean };

/**
 * Every brief's techniques counted per severity: the coverage of all briefs, which only an ingest
 * changes, and the costliest query of /coverage (every technique row of 50,000 briefs). A brief has
 * one severity, so the counts of several severities add up, and any severity filter is answered
 * from these without another pass.
 */
function techniqueCountsBySeverity(): Promise<TechniqueSeverityCount[]> {
  return readThroughCache("technique-severity-counts", async () => {
    const rows = await readRows<{ technique: string; severity: string; briefs: number; direct: number }>(Prisma.sql`
      WITH ${briefTechniquePairs(parseBriefListParams({}))}
      SELECT "technique", "severity", COUNT(DISTINCT "id") AS "briefs", MAX("direct") AS "direct"
      FROM "keyed" GROUP BY "technique", "severity"`);
    return rows.map((row) => ({
      technique: row.technique,
      severity: row.severity,
      briefs: Number(row.briefs),
      direct: Number(row.direct) === 1,
    }));
  });
}

/** The brief counts of the briefs with these severities (any, when none is chosen), from the per-severity counts. */
export function countsForSeverities(
  rows: readonly TechniqueSeverityCount[],
  severities: readonly Severity[],
): Map<string, BriefCount> {
  const counts = new Map<string, BriefCount>();
  for (const row of rows) {
    const severity = isSeverity(row.severity) ? row.severity : "unknown";
    if (severities.length && !severities.includes(severity)) continue;
    const count = counts.get(row.technique);
    if (!count) {
      counts.set(row.technique, { briefs: row.briefs, highest: severity, direct: row.direct });
      continue;
    }
    count.briefs += row.briefs;
    if (severityRank(severity) < severityRank(count.highest)) count.highest = severity;
    count.direct ||= row.direct;
  }
  return counts;
}

/**
 * Active rules and technique pairs, keyed by technique and by its parent: every rule in use, or
 * (of=deployed) only those marked deployed, to the one SIEM asked for or to any.
 */
function ruleTechniquePairs(scope: RuleScope): Prisma.Sql {
  const deployed =
    scope.rulesFrom !== "deployed"
      ? Prisma.empty
      : scope.siem
        ? Prisma.sql`AND EXISTS (SELECT 1 FROM "RuleDeployment" rd WHERE rd."detectionId" = d."id" AND rd."siem" = ${scope.siem})`
        : Prisma.sql`AND EXISTS (SELECT 1 FROM "RuleDeployment" rd WHERE rd."detectionId" = d."id")`;
  return Prisma.sql`"active" AS (
      SELECT dt."detectionId" AS "id", dt."techniqueId" AS "technique"
      FROM "DetectionTechnique" dt JOIN "Detection" d ON d."id" = dt."detectionId"
      WHERE d."retiredAt" IS NULL ${deployed}
    ),
    "keyed" AS (
      SELECT "id", "technique", 1 AS "direct" FROM "active"
      UNION ALL
      SELECT "id", SUBSTR("technique", 1, 5), 0 FROM "active" WHERE LENGTH("technique") > 5
    )`;
}

const LIBRARY: RuleScope = { rulesFrom: "library", siem: null };

/** Per technique: how many of the matched briefs describe it, and the highest severity among them. */
export async function briefCountsByTechnique(filters: BriefFilters): Promise<Map<string, BriefCount>> {
  if (onlySeverity(filters)) return countsForSeverities(await techniqueCountsBySeverity(), filters.severity);
  const rows = await readRows<{ technique: string; briefs: number; rank: number; direct: number }>(Prisma.sql`
    WITH ${briefTechniquePairs(filters)}
    SELECT "technique", COUNT(DISTINCT "id") AS "briefs", MIN("rank") AS "rank", MAX("direct") AS "direct"
    FROM "keyed" GROUP BY "technique"`);
  return new Map(rows.map((row) => [row.technique, { briefs: Number(row.briefs), highest: SEVERITIES[Number(row.rank)] ?? "unknown", direct: Number(row.direct) === 1 }]));
}

/** Per technique: how many rules in use (or deployed, per the scope) detect it. */
export function ruleCountsByTechnique(scope: RuleScope = LIBRARY): Promise<Map<string, RuleCount>> {
  const load = async () => {
    const rows = await readRows<{ technique: string; rules: number; direct: number }>(Prisma.sql`
      WITH ${ruleTechniquePairs(scope)}
      SELECT "technique", COUNT(DISTINCT "id") AS "rules", MAX("direct") AS "direct" FROM "keyed" GROUP BY "technique"`);
    return new Map(rows.map((row) => [row.technique, { rules: Number(row.rules), direct: Number(row.direct) === 1 }]));
  };
  // Deployed rules are few, and an analyst expects coverage to move the moment she marks one: read
  // them each time (on PostgreSQL the data version hears of a commit a moment after it). The whole
  // library is the same for every view until rules or links change: kept per data version.
  return scope.rulesFrom === "deployed" ? load() : readThroughCache("rule-technique-counts", load);
}

/** Up to `limit` titles per technique of the matched briefs describing it, newest first. */
export async function briefTitlesByTechnique(filters: BriefFilters, limit: number): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<{ technique: string; title: string }[]>`
    WITH ${briefTechniquePairs(filters)},
    "ranked" AS (
      SELECT k."technique" AS "technique", b."title" AS "title",
        ROW_NUMBER() OVER (PARTITION BY k."technique" ORDER BY ${NEWEST_FIRST}) AS "n"
      FROM (SELECT DISTINCT "id", "technique" FROM "keyed") k JOIN "Brief" b ON b."id" = k."id"
    )
    SELECT "technique", "title" FROM "ranked" WHERE "n" <= ${limit} ORDER BY "technique", "n"`;
  return groupTitles(rows);
}

/** Up to `limit` titles per technique of the rules in use (or deployed) detecting it, by title. */
export async function ruleTitlesByTechnique(limit: number, scope: RuleScope = LIBRARY): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<{ technique: string; title: string }[]>`
    WITH ${ruleTechniquePairs(scope)},
    "ranked" AS (
      SELECT k."technique" AS "technique", d."title" AS "title",
        ROW_NUMBER() OVER (PARTITION BY k."technique" ORDER BY d."title", d."id") AS "n"
      FROM (SELECT DISTINCT "id", "technique" FROM "keyed") k JOIN "Detection" d ON d."id" = k."id"
    )
    SELECT "technique", "title" FROM "ranked" WHERE "n" <= ${limit} ORDER BY "technique", "n"`;
  return groupTitles(rows);
}

function groupTitles(rows: { technique: string; title: string }[]): Map<string, string[]> {
  const titles = new Map<string, string[]>();
  for (const row of rows) titles.set(row.technique, [...(titles.get(row.technique) ?? []), row.title]);
  return titles;
}

export type CoverageResult = { model: CoverageModel; counts: CoverageCounts; total: number; severityCounts: Record<Severity, number> };

/** A coverage view: the matrix, the counts it was built from, and the briefs the filters match. */
export async function loadCoverage(params: CoverageParams): Promise<CoverageResult> {
  const [briefs, rules, { total, severityCounts }] = await Promise.all([briefCountsByTechnique(params), ruleCountsByTechnique(params), countBriefsBySeverity(params)]);
  const counts: CoverageCounts = { briefs, rules, briefsFiltered: hasFilters(params) };
  return { model: buildCoverage(params.matrix, counts), counts, total, severityCounts };
}

/** How far back the overview looks for techniques no rule detects. */
export const UNCOVERED_WINDOW_DAYS = 90;

export type UncoveredTechniques = { since: string; filters: CoverageParams; briefs: number; techniques: CoverageRow[] };

/**
 * "Top uncovered techniques": those that high and critical briefs of the last 90 days describe and
 * no rule the team has deployed detects (a rule in the library is not a rule that runs), most
 * described first, with the filters that list their briefs.
 */
export async function listTopUncovered(now: Date, limit: number): Promise<UncoveredTechniques> {
  const since = toIsoDay(new Date(now.getTime() - UNCOVERED_WINDOW_DAYS * DAY_MS));
  const filters: CoverageParams = {
    ...parseCoverageParams({ of: "deployed" }),
    severity: ["critical", "high"] as Severity[],
    from: since,
  };
  const { model, counts, total } = await loadCoverage(filters);
  return { since, filters, briefs: total, techniques: uncoveredTechniques(model, counts).slice(0, limit) };
}
