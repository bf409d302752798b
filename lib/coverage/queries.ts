import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { LIST_COUNTS_FROM, NEWEST_FIRST, SEVERITY_RANK, briefWhereSql } from "@/lib/briefs/list-query";
import { SEVERITIES, type Severity } from "@/lib/briefs/severity";
import { countBriefsBySeverity } from "@/lib/briefs/queries";
import { hasFilters, type BriefFilters } from "@/lib/briefs/validations";
import type { CoverageParams } from "@/lib/coverage/matrix-views";
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
    ? Prisma.sql`"matched" AS MATERIALIZED (SELECT b."id" AS "id", ${SEVERITY_RANK} AS "rank" ${LIST_COUNTS_FROM} ${briefWhereSql(filters)})`
    : Prisma.sql`"matched" AS NOT MATERIALIZED (SELECT b."id" AS "id", ${SEVERITY_RANK} AS "rank" FROM "Brief" b)`;
  return Prisma.sql`${matched},
    "cited" AS MATERIALIZED (
      SELECT m."id" AS "id", m."rank" AS "rank", UPPER(t."name") AS "technique"
      FROM "Tag" t JOIN "BriefTag" bt ON bt."tagId" = t."id" JOIN "matched" m ON m."id" = bt."briefId"
      WHERE t."kind" = 'technique'
      UNION
      SELECT m."id", m."rank", dt."techniqueId"
      FROM "BriefDetection" bd JOIN "matched" m ON m."id" = bd."briefId" JOIN "DetectionTechnique" dt ON dt."detectionId" = bd."detectionId"
    ),
    "keyed" AS (
      SELECT "id", "rank", "technique", 1 AS "direct" FROM "cited"
      UNION ALL
      SELECT "id", "rank", SUBSTR("technique", 1, 5), 0 FROM "cited" WHERE LENGTH("technique") > 5
    )`;
}

/** Active rules and technique pairs, keyed by technique and by its parent. */
const RULE_TECHNIQUE_PAIRS = Prisma.sql`"active" AS (
      SELECT dt."detectionId" AS "id", dt."techniqueId" AS "technique"
      FROM "DetectionTechnique" dt JOIN "Detection" d ON d."id" = dt."detectionId"
      WHERE d."retiredAt" IS NULL
    ),
    "keyed" AS (
      SELECT "id", "technique", 1 AS "direct" FROM "active"
      UNION ALL
      SELECT "id", SUBSTR("technique", 1, 5), 0 FROM "active" WHERE LENGTH("technique") > 5
    )`;

/** Per technique: how many of the matched briefs describe it, and the highest severity among them. */
export async function briefCountsByTechnique(filters: BriefFilters): Promise<Map<string, BriefCount>> {
  const rows = await db.$queryRaw<{ technique: string; briefs: bigint; rank: bigint; direct: bigint }[]>`
    WITH ${briefTechniquePairs(filters)}
    SELECT "technique", COUNT(DISTINCT "id") AS "briefs", MIN("rank") AS "rank", MAX("direct") AS "direct"
    FROM "keyed" GROUP BY "technique"`;
  return new Map(rows.map((row) => [row.technique, { briefs: Number(row.briefs), highest: SEVERITIES[Number(row.rank)] ?? "unknown", direct: Number(row.direct) === 1 }]));
}

/** Per technique: how many rules in use detect it. */
export async function ruleCountsByTechnique(): Promise<Map<string, RuleCount>> {
  const rows = await db.$queryRaw<{ technique: string; rules: bigint; direct: bigint }[]>`
    WITH ${RULE_TECHNIQUE_PAIRS}
    SELECT "technique", COUNT(DISTINCT "id") AS "rules", MAX("direct") AS "direct" FROM "keyed" GROUP BY "technique"`;
  return new Map(rows.map((row) => [row.technique, { rules: Number(row.rules), direct: Number(row.direct) === 1 }]));
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

/** Up to `limit` titles per technique of the rules in use detecting it, by title. */
export async function ruleTitlesByTechnique(limit: number): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<{ technique: string; title: string }[]>`
    WITH ${RULE_TECHNIQUE_PAIRS},
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
  const [briefs, rules, { total, severityCounts }] = await Promise.all([briefCountsByTechnique(params), ruleCountsByTechnique(), countBriefsBySeverity(params)]);
  const counts: CoverageCounts = { briefs, rules, briefsFiltered: hasFilters(params) };
  return { model: buildCoverage(params.matrix, counts), counts, total, severityCounts };
}

/** How far back the overview looks for techniques no rule detects. */
export const UNCOVERED_WINDOW_DAYS = 90;

export type UncoveredTechniques = { since: string; filters: CoverageParams; briefs: number; techniques: CoverageRow[] };

/**
 * "Top uncovered techniques": those that high and critical briefs of the last 90 days describe and
 * no rule in use detects, most described first, with the filters that list their briefs.
 */
export async function listTopUncovered(now: Date, limit: number): Promise<UncoveredTechniques> {
  const since = toIsoDay(new Date(now.getTime() - UNCOVERED_WINDOW_DAYS * DAY_MS));
  const filters = { ...parseCoverageParams({}), severity: ["critical", "high"] as Severity[], from: since };
  const { model, counts, total } = await loadCoverage(filters);
  return { since, filters, briefs: total, techniques: uncoveredTechniques(model, counts).slice(0, limit) };
}
