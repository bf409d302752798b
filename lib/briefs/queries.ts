import "server-only";
import { cache } from "react";
import { db, readDate, readJson, readRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { peekReadCache, readThroughCache } from "@/lib/briefs/read-cache";
import { describeChanges, type BriefVersion } from "@/lib/briefs/revisions";
import {
  LIST_COUNTS_FROM,
  LIST_PAGE_FROM,
  NEWEST_FIRST,
  anyOf,
  briefOrderSql,
  briefWhereSql,
  briefsWithTags,
  teamQueueStates,
  triagedSeverityCountsSql,
} from "@/lib/briefs/list-query";
import { ATTACK_TACTICS } from "@/lib/attack/tactics";
import { activeFilterCount, type FilterOption } from "@/lib/briefs/list-options";
import { isTechniqueId } from "@/lib/attack/techniques";
import { SEVERITIES, isSeverity, type Severity } from "@/lib/briefs/severity";
import type { TriageState } from "@/lib/briefs/triage-states";
import { TAG_KINDS, techniqueTag, type TagKind } from "@/lib/briefs/tags";
import {
  DEFAULT_LIST_PARAMS,
  PAGE_SIZE,
  hasFilters,
  type BriefFilters,
  type BriefListParams,
} from "@/lib/briefs/validations";

export type BriefTagView = { name: string; kind: TagKind; label: string };

export type BriefSummaryView = {
  slug: string;
  title: string;
  summary: string;
  severity: Severity;
  type: string | null;
  publishedAt: Date | null;
  tags: BriefTagView[];
};

export type BriefView = BriefSummaryView & {
  id: string;
  bodyText: string;
  link: string | null;
  summaryHtml: string;
  attackChain: string[];
  impactHtml: string | null;
  recommendations: string[];
  severityRaw: string | null;
  firstSeenAt: Date;
  updatedAt: Date;
};

export type TagOption = BriefTagView & { count: number };

/** A previous version of a brief, and what changed from it to the version that replaced it. */
export type BriefRevisionView = {
  id: string;
  /** When an ingest replaced this version. */
  capturedAt: Date;
  title: string;
  severity: Severity;
  type: string | null;
  publishedAt: Date | null;
  changes: string[];
};

const TAG_ORDER = Object.fromEntries(TAG_KINDS.map((kind, index) => [kind, index])) as Record<TagKind, number>;

type TagRows = {
  tags: { tag: { name: string; kind: string; label: string } }[];
  detections: { detection: { techniqueRows: { techniqueId: string }[] } }[];
};

/**
 * A brief's tags, with the techniques of the rules it links to added as technique tags: a brief
 * describes what its text and categories say and what its rules detect.
 */
function toTags(row: TagRows): BriefTagView[] {
  const tags = row.tags.map(({ tag }) => ({ name: tag.name, kind: tag.kind as TagKind, label: tag.label }));
  const names = new Set(tags.map((tag) => tag.name));
  for (const { techniqueId } of row.detections.flatMap(({ detection }) => detection.techniqueRows)) {
    const tag = techniqueTag(techniqueId);
    if (names.has(tag.name)) continue;
    names.add(tag.name);
    tags.push(tag);
  }
  return tags.sort((a, b) => TAG_ORDER[a.kind] - TAG_ORDER[b.kind] || a.label.localeCompare(b.label));
}

const tagsSelect = {
  tags: { select: { tag: { select: { name: true, kind: true, label: true } } } },
  detections: { select: { detection: { select: { techniqueRows: { select: { techniqueId: true } } } } } },
} as const;

function toStrings(value: Prisma.JsonValue): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function toSeverity(value: string): Severity {
  return isSeverity(value) ? value : "unknown";
}

const summarySelect = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  severity: true,
  type: true,
  publishedAt: true,
  ...tagsSelect,
} as const;

type SummaryRow = Prisma.BriefGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): BriefSummaryView {
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    severity: toSeverity(row.severity),
    type: row.type,
    publishedAt: row.publishedAt,
    tags: toTags(row),
  };
}

/** Rows in the order of the ids given (a list's order), leaving out ids no row has. */
function inIdOrder<Row extends { id: string }>(ids: readonly string[], rows: readonly Row[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

type SummaryColumns = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  severity: string;
  type: string | null;
  publishedAt: Date | string | null;
};

/** Each brief's tags (by brief id), with the techniques of the rules it links to, as toTags reads them. */
async function tagRowsOf(ids: readonly string[]): Promise<Map<string, TagRows>> {
  const [tags, techniques] = await Promise.all([
    readRows<{ briefId: string; name: string; kind: string; label: string }>(Prisma.sql`
      SELECT bt."briefId" AS "briefId", t."name" AS "name", t."kind" AS "kind", t."label" AS "label"
      FROM "BriefTag" bt JOIN "Tag" t ON t."id" = bt."tagId"
      WHERE ${anyOf(Prisma.sql`bt."briefId"`, ids)}`),
    readRows<{ briefId: string; techniqueId: string }>(Prisma.sql`
      SELECT bd."briefId" AS "briefId", dt."techniqueId" AS "techniqueId"
      FROM "BriefDetection" bd JOIN "DetectionTechnique" dt ON dt."detectionId" = bd."detectionId"
      WHERE ${anyOf(Prisma.sql`bd."briefId"`, ids)}`),
  ]);
  const byBrief = new Map<string, TagRows>(ids.map((id) => [id, { tags: [], detections: [] }]));
  for (const { briefId, ...tag } of tags) byBrief.get(briefId)?.tags.push({ tag });
  for (const { briefId, techniqueId } of techniques)
    byBrief.get(briefId)?.detections.push({ detection: { techniqueRows: [{ techniqueId }] } });
  return byBrief;
}

/** Loads briefs by id with their tags, in the order of the ids given. */
async function summariesInOrder(ids: string[]): Promise<BriefSummaryView[]> {
  if (!ids.length) return [];
  const [rows, tags] = await Promise.all([
    readRows<SummaryColumns>(Prisma.sql`
      SELECT b."id" AS "id", b."slug" AS "slug", b."title" AS "title", b."summary" AS "summary",
        b."severity" AS "severity", b."type" AS "type", b."publishedAt" AS "publishedAt"
      FROM "Brief" b WHERE ${anyOf(Prisma.sql`b."id"`, ids)}`),
    tagRowsOf(ids),
  ]);
  return inIdOrder(ids, rows).map((row) =>
    toSummary({ ...row, publishedAt: readDate(row.publishedAt), ...tags.get(row.id)! }),
  );
}

export type BriefListResult = {
  briefs: BriefSummaryView[];
  total: number;
  pageCount: number;
  severityCounts: Record<Severity, number>;
};

export type SeverityCountsResult = { total: number; severityCounts: Record<Severity, number> };

/** The ids of the briefs a list view shows from `offset` on, in its order: the one query behind the page and its feeds. */
function listedBriefIds(params: BriefListParams, limit: number, offset: number): Promise<{ id: string }[]> {
  return readRows<{ id: string }>(
    Prisma.sql`SELECT b."id" AS "id" ${LIST_PAGE_FROM} ${briefWhereSql(params)} ${briefOrderSql(params.sort)} LIMIT ${limit} OFFSET ${offset}`,
  );
}

/**
 * How many briefs each severity would give under the other filters (so the severity controls show
 * what choosing them leads to), and the total under all of them: the sum of the chosen severities'
 * counts, which saves another pass over a search.
 */
export async function countBriefsBySeverity(filters: BriefFilters): Promise<SeverityCountsResult> {
  const queue = teamQueueStates(filters);
  if (queue) return withTotal(filters, toSeverityCounts(await countTeamQueue(queue)));
  // Without a filter but severity these are every brief's counts: the same for the list, any
  // severity view and /coverage until the next commit, and the costliest query of those pages
  // (a pass over all briefs, on PostgreSQL over the whole table). A view of one tag (a chip's
  // link) takes its counts from every tag's, once the warmer has loaded them.
  if (!hasFilters({ ...filters, severity: [] }))
    return withTotal(filters, toSeverityCounts(await everyBriefBySeverity()));
  const tag = singleTagFilter(filters);
  const facets = tag === null ? undefined : await peekReadCache<Map<string, SeverityCountRow[]>>(TAG_FACETS_KEY);
  const rows = facets
    ? (facets.get(tag!) ?? [])
    : await briefsBySeverity(briefWhereSql(filters, { ignoreSeverity: true }));
  return withTotal(filters, toSeverityCounts(rows));
}

/** The briefs a WHERE clause keeps, counted per severity. */
function briefsBySeverity(where: Prisma.Sql): Promise<SeverityCountRow[]> {
  return readRows<SeverityCountRow>(
    Prisma.sql`SELECT b."severity" AS "severity", COUNT(*) AS "count" ${LIST_COUNTS_FROM} ${where} GROUP BY b."severity"`,
  );
}

/** Every brief counted per severity, once per data version. */
function everyBriefBySeverity(): Promise<SeverityCountRow[]> {
  return readThroughCache("severity-counts", () => briefsBySeverity(Prisma.empty));
}

function withTotal(filters: BriefFilters, severityCounts: Record<Severity, number>): SeverityCountsResult {
  const counted: readonly Severity[] = filters.severity.length ? filters.severity : SEVERITIES;
  return { severityCounts, total: counted.reduce((sum, severity) => sum + severityCounts[severity], 0) };
}

/**
 * A team queue's counts (`status=in_review,hunting`) from the triage rows, not a pass over every
 * brief: each triage write re-renders the queue, and the pass cost 37 ms at 50,000 briefs. A
 * queue holding "new" is every brief (counted once per data version) less those triaged into
 * other states: their rows count negatively.
 */
async function countTeamQueue(states: readonly TriageState[]): Promise<SeverityCountRow[]> {
  if (states.length === 0) return [];
  if (!states.includes("new")) return readRows<SeverityCountRow>(triagedSeverityCountsSql(states, true));
  const [every, elsewhere] = await Promise.all([
    everyBriefBySeverity(),
    readRows<SeverityCountRow>(triagedSeverityCountsSql(states, false)),
  ]);
  return [...every, ...elsewhere.map((row) => ({ severity: row.severity, count: -Number(row.count) }))];
}

/** One page of briefs for the list, its total, and the per-severity counts of countBriefsBySeverity. */
export async function listBriefs(params: BriefListParams): Promise<BriefListResult> {
  const [idRows, { severityCounts, total }] = await Promise.all([
    listedBriefIds(params, PAGE_SIZE, (params.page - 1) * PAGE_SIZE),
    countBriefsBySeverity(params),
  ]);
  return {
    briefs: await summariesInOrder(idRows.map((row) => row.id)),
    total,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    severityCounts,
  };
}

type SeverityCountRow = { severity: string; count: number };

/** The one tag a view's filters (severity aside) consist of: one tactic, or one tag that is not a technique. */
function singleTagFilter(filters: BriefFilters): string | null {
  if (activeFilterCount({ ...filters, severity: [] }) !== 1) return null;
  if (filters.tactic.length === 1) return filters.tactic[0];
  if (filters.tag.length === 1 && !isTechniqueId(filters.tag[0])) return filters.tag[0];
  return null;
}

const TAG_FACETS_KEY = "tag-severity-counts";

/**
 * Every tag's briefs counted per severity: a view of one tag (a chip's link, a tactic) then knows
 * its counts without a pass over all briefs. One pass over every tag of every brief costs 0.3-0.7 s
 * at 50,000 briefs, so only the warmer loads it, after each commit; until then such views count
 * for themselves.
 */
export function warmTagSeverityCounts(): Promise<Map<string, SeverityCountRow[]>> {
  return readThroughCache(TAG_FACETS_KEY, async () => {
    const rows = await readRows<{ name: string; severity: string; count: number }>(Prisma.sql`
      SELECT t."name" AS "name", b."severity" AS "severity", COUNT(*) AS "count"
      ${LIST_COUNTS_FROM} JOIN "BriefTag" bt ON bt."briefId" = b."id" JOIN "Tag" t ON t."id" = bt."tagId"
      GROUP BY t."name", b."severity"`);
    const facets = new Map<string, SeverityCountRow[]>();
    for (const { name, ...count } of rows) facets.set(name, [...(facets.get(name) ?? []), count]);
    return facets;
  });
}

function toSeverityCounts(rows: readonly SeverityCountRow[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const row of rows) counts[toSeverity(row.severity)] += Number(row.count);
  return counts;
}

export type ListFilterOptions = {
  tagOptions: TagOption[];
  tactics: FilterOption[];
  platforms: FilterOption[];
  topics: FilterOption[];
  types: string[];
};

function optionsOfKind(options: TagOption[], kind: TagKind): FilterOption[] {
  return options
    .filter((option) => option.kind === kind)
    .map((option) => ({ value: option.name, label: option.label, count: option.count }));
}

/** What the filter controls offer: the tactics in matrix order, platforms and topics by use, and the brief types. */
export async function listFilterOptions(): Promise<ListFilterOptions> {
  const [tagOptions, types] = await Promise.all([listTagOptions(), listBriefTypes()]);
  const tacticCounts = new Map(
    tagOptions.filter((option) => option.kind === "tactic").map((option) => [option.name, option.count]),
  );
  const tactics = ATTACK_TACTICS.filter((tactic) => tacticCounts.has(tactic.slug)).map((tactic) => ({
    value: tactic.slug,
    label: `${tactic.name} (${tactic.id})`,
    count: tacticCounts.get(tactic.slug)!,
  }));
  return {
    tagOptions,
    tactics,
    platforms: optionsOfKind(tagOptions, "platform"),
    topics: optionsOfKind(tagOptions, "topic"),
    types,
  };
}

/** How many briefs a feed of a list view carries: its first ones, in the list's order. */
export const FEED_SIZE = 50;

/** A brief as feeds out carry it: what the list shows, the sanitized body, and its dates. */
export type FeedBriefView = BriefSummaryView & {
  id: string;
  link: string | null;
  bodyHtml: string;
  firstSeenAt: Date;
  updatedAt: Date;
};

/** The first FEED_SIZE briefs of a list view (any page asked for), in the list's order: what /rss.xml and /feed.json carry. */
export async function listFeedBriefs(params: BriefListParams): Promise<FeedBriefView[]> {
  const ids = (await listedBriefIds(params, FEED_SIZE, 0)).map((row) => row.id);
  if (!ids.length) return [];
  const rows = await db.brief.findMany({
    where: { id: { in: ids } },
    select: { ...summarySelect, link: true, bodyHtml: true, firstSeenAt: true, updatedAt: true },
  });
  return inIdOrder(ids, rows).map((row) => ({
    ...toSummary(row),
    id: row.id,
    link: row.link,
    bodyHtml: row.bodyHtml,
    firstSeenAt: row.firstSeenAt,
    updatedAt: row.updatedAt,
  }));
}

/** Every tag with the number of briefs carrying it, most used first, for the filter controls. */
export const listTagOptions = cache((): Promise<TagOption[]> => readThroughCache("tag-options", loadTagOptions));

async function loadTagOptions(): Promise<TagOption[]> {
  const rows = await readRows<{ name: string; kind: string; label: string; count: number }>(Prisma.sql`
    SELECT t."name" AS "name", t."kind" AS "kind", t."label" AS "label", COUNT(*) AS "count"
    FROM "Tag" t JOIN "BriefTag" bt ON bt."tagId" = t."id"
    GROUP BY t."id", t."name", t."kind", t."label"
    ORDER BY COUNT(*) DESC, t."label" ASC`);
  return rows.map((row) => ({ name: row.name, kind: row.kind as TagKind, label: row.label, count: Number(row.count) }));
}

export function listBriefTypes(): Promise<string[]> {
  return readThroughCache("brief-types", async () => {
    const rows = await readRows<{ type: string }>(
      Prisma.sql`SELECT DISTINCT b."type" AS "type" FROM "Brief" b WHERE b."type" IS NOT NULL ORDER BY b."type"`,
    );
    return rows.map((row) => row.type);
  });
}

type BriefColumns = SummaryColumns & {
  bodyText: string;
  severityRaw: string | null;
  firstSeenAt: Date | string;
  updatedAt: Date | string;
  link: string | null;
  summaryHtml: string;
  attackChain: unknown;
  impactHtml: string | null;
  recommendations: unknown;
};

export async function getBriefBySlug(slug: string): Promise<BriefView | null> {
  const [row] = await readRows<BriefColumns>(Prisma.sql`
    SELECT b."id" AS "id", b."slug" AS "slug", b."title" AS "title", b."summary" AS "summary",
      b."severity" AS "severity", b."type" AS "type", b."publishedAt" AS "publishedAt", b."bodyText" AS "bodyText",
      b."severityRaw" AS "severityRaw", b."firstSeenAt" AS "firstSeenAt", b."updatedAt" AS "updatedAt",
      b."link" AS "link", b."summaryHtml" AS "summaryHtml", b."attackChain" AS "attackChain",
      b."impactHtml" AS "impactHtml", b."recommendations" AS "recommendations"
    FROM "Brief" b WHERE b."slug" = ${slug}`);
  if (!row) return null;
  const tags = (await tagRowsOf([row.id])).get(row.id)!;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    bodyText: row.bodyText,
    severity: toSeverity(row.severity),
    severityRaw: row.severityRaw,
    type: row.type,
    publishedAt: readDate(row.publishedAt),
    firstSeenAt: readDate(row.firstSeenAt)!,
    updatedAt: readDate(row.updatedAt)!,
    link: row.link,
    summaryHtml: row.summaryHtml,
    attackChain: toStrings(readJson(row.attackChain)),
    impactHtml: row.impactHtml,
    recommendations: toStrings(readJson(row.recommendations)),
    tags: toTags(tags),
  };
}

const versionSelect = {
  title: true,
  summary: true,
  summaryHtml: true,
  severity: true,
  type: true,
  publishedAt: true,
  impactHtml: true,
  attackChain: true,
  recommendations: true,
  bodyHtml: true,
} as const;

type VersionRow = Prisma.BriefRevisionGetPayload<{ select: typeof versionSelect }>;

function toVersion(row: VersionRow): BriefVersion {
  return { ...row, attackChain: toStrings(row.attackChain), recommendations: toStrings(row.recommendations) };
}

/** How many previous versions of a brief its page lists; a brief rewritten more often shows its latest. */
const REVISIONS_SHOWN = 50;

/**
 * A brief's previous versions, newest first, each with the changes from it to the version after it
 * (the next newer revision, or the brief as stored now for the newest). Empty for a brief never changed.
 */
export async function listBriefRevisions(briefId: string, limit = REVISIONS_SHOWN): Promise<BriefRevisionView[]> {
  // Most briefs were never changed: that answer comes from one plain query, the rest through Prisma.
  const [revised] = await readRows<{ id: string }>(
    Prisma.sql`SELECT r."id" AS "id" FROM "BriefRevision" r WHERE r."briefId" = ${briefId} LIMIT 1`,
  );
  if (!revised) return [];
  const rows = await db.briefRevision.findMany({
    where: { briefId },
    orderBy: [{ capturedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, capturedAt: true, ...versionSelect },
  });
  if (!rows.length) return [];
  const current = await db.brief.findUnique({ where: { id: briefId }, select: versionSelect });
  if (!current) return [];
  let next = toVersion(current);
  return rows.map((row) => {
    const version = toVersion(row);
    const changes = describeChanges(version, next);
    next = version;
    return {
      id: row.id,
      capturedAt: row.capturedAt,
      title: row.title,
      severity: toSeverity(row.severity),
      type: row.type,
      publishedAt: row.publishedAt,
      changes,
    };
  });
}

/** How many recent briefs of each kind of overlap are weighed for "related"; bounds the work on big archives. */
const RELATED_CANDIDATES = 100;
/**
 * A pool of candidates whose tags at least this share of briefs carries is read newest first,
 * checking each brief's tags, and stops after RELATED_CANDIDATES: a few hundred briefs for a
 * platform or tactic most briefs share. A rarer pool is read whole from the tag index and sorted,
 * since walking newest first would pass thousands of briefs without it.
 */
const COMMON_POOL_SHARE = 0.05;

function recentBriefsSharing(briefId: string, names: string[], common: boolean): Prisma.Sql {
  const sharing = common
    ? Prisma.sql`EXISTS (SELECT 1 FROM "BriefTag" bt JOIN "Tag" t ON t."id" = bt."tagId" WHERE bt."briefId" = b."id" AND t."name" IN (${Prisma.join(names)}))`
    : briefsWithTags(names);
  return Prisma.sql`SELECT "id" FROM (
    SELECT b."id" ${LIST_PAGE_FROM}
    WHERE b."id" <> ${briefId}
      AND ${sharing}
    ORDER BY ${NEWEST_FIRST}
    LIMIT ${RELATED_CANDIDATES}
  ) AS "recent"`;
}

/** Whether briefs carrying any of these tags are at least COMMON_POOL_SHARE of all, from the counts kept per data version. */
async function isCommonPool(names: readonly string[]): Promise<boolean> {
  const [tags, { total }] = await Promise.all([listTagOptions(), countBriefsBySeverity(DEFAULT_LIST_PARAMS)]);
  const carrying = tags.filter((tag) => names.includes(tag.name)).reduce((sum, tag) => sum + tag.count, 0);
  return total > 0 && carrying >= COMMON_POOL_SHARE * total;
}

/**
 * Briefs sharing ATT&CK tactics, techniques or platforms with this one, ranked by what they share:
 * a tactic or technique counts double a platform, since most briefs of a feed share its platform.
 * Only the most recent briefs sharing a tactic and those sharing a platform are weighed.
 */
export async function listRelatedBriefs(brief: Pick<BriefView, "id" | "tags">, limit = 5): Promise<BriefSummaryView[]> {
  const attackNames = brief.tags
    .filter((tag) => tag.kind === "tactic" || tag.kind === "technique")
    .map((tag) => tag.name);
  const platformNames = brief.tags.filter((tag) => tag.kind === "platform").map((tag) => tag.name);
  const pools = await Promise.all(
    [attackNames, platformNames]
      .filter((names) => names.length)
      .map(async (names) => recentBriefsSharing(brief.id, names, await isCommonPool(names))),
  );
  if (!pools.length) return [];
  // Each candidate's score from its own tags (a few index entries each): joining the tags first read
  // every brief carrying one of them (30,000 rows for a common tactic and platform) to score 200.
  const rows = await readRows<{ id: string }>(Prisma.sql`
    SELECT b."id" AS "id"
    FROM "Brief" b
    WHERE b."id" IN (${Prisma.join(pools, " UNION ")})
    ORDER BY (
      SELECT SUM(CASE t."kind" WHEN 'platform' THEN 1 ELSE 2 END)
      FROM "BriefTag" bt JOIN "Tag" t ON t."id" = bt."tagId"
      WHERE bt."briefId" = b."id" AND t."name" IN (${Prisma.join([...attackNames, ...platformNames])})
    ) DESC, ${NEWEST_FIRST}
    LIMIT ${limit}`);
  return summariesInOrder(rows.map((row) => row.id));
}

/** When any brief last changed: a feed view's Last-Modified must move when a brief leaves the view, not only when one in it changes. */
export async function newestBriefChangeAt(): Promise<Date | null> {
  return (await db.brief.aggregate({ _max: { updatedAt: true } }))._max.updatedAt;
}

/** Every brief a view holds, in its order, up to `limit`: what an export of the view carries. */
export function listViewBriefIds(params: BriefListParams, limit: number): Promise<{ id: string }[]> {
  return listedBriefIds(params, limit, 0);
}
