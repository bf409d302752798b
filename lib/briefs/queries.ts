import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { briefOrderSql, briefWhereSql } from "@/lib/briefs/list-query";
import { SEVERITIES, isSeverity, type Severity } from "@/lib/briefs/severity";
import { TAG_KINDS, type TagKind } from "@/lib/briefs/tags";
import { PAGE_SIZE, type BriefFilters, type BriefListParams } from "@/lib/briefs/validations";

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

const TAG_ORDER = Object.fromEntries(TAG_KINDS.map((kind, index) => [kind, index])) as Record<TagKind, number>;

function toTags(rows: { tag: { name: string; kind: string; label: string } }[]): BriefTagView[] {
  return rows
    .map(({ tag }) => ({ name: tag.name, kind: tag.kind as TagKind, label: tag.label }))
    .sort((a, b) => TAG_ORDER[a.kind] - TAG_ORDER[b.kind] || a.label.localeCompare(b.label));
}

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
  tags: { select: { tag: { select: { name: true, kind: true, label: true } } } },
} as const;

type SummaryRow = Prisma.BriefGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): BriefSummaryView {
  return { slug: row.slug, title: row.title, summary: row.summary, severity: toSeverity(row.severity), type: row.type, publishedAt: row.publishedAt, tags: toTags(row.tags) };
}

/** Loads briefs by id with their tags, in the order of the ids given. */
async function summariesInOrder(ids: string[]): Promise<BriefSummaryView[]> {
  if (!ids.length) return [];
  const rows = await db.brief.findMany({ where: { id: { in: ids } }, select: summarySelect });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toSummary(row)] : [];
  });
}

export type BriefListResult = { briefs: BriefSummaryView[]; total: number; pageCount: number; severityCounts: Record<Severity, number> };

/**
 * One page of briefs for the list, its total, and how many briefs each severity would give under
 * the other filters (so the severity controls show what choosing them leads to).
 */
export async function listBriefs(params: BriefListParams): Promise<BriefListResult> {
  const where = briefWhereSql(params);
  const [idRows, totalRows, severityRows] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`SELECT b."id" FROM "Brief" b ${where} ${briefOrderSql(params.sort)} LIMIT ${PAGE_SIZE} OFFSET ${(params.page - 1) * PAGE_SIZE}`,
    db.$queryRaw<{ total: bigint }[]>`SELECT COUNT(*) AS total FROM "Brief" b ${where}`,
    severityCountRows(params),
  ]);
  const total = Number(totalRows[0]?.total ?? 0);
  return {
    briefs: await summariesInOrder(idRows.map((row) => row.id)),
    total,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    severityCounts: toSeverityCounts(severityRows),
  };
}

function severityCountRows(filters: BriefFilters) {
  const where = briefWhereSql(filters, { ignoreSeverity: true });
  return db.$queryRaw<{ severity: string; count: bigint }[]>`SELECT b."severity" AS severity, COUNT(*) AS count FROM "Brief" b ${where} GROUP BY b."severity"`;
}

function toSeverityCounts(rows: { severity: string; count: bigint }[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const row of rows) counts[toSeverity(row.severity)] += Number(row.count);
  return counts;
}

/** Every tag with the number of briefs carrying it, for the filter controls. */
export async function listTagOptions(): Promise<TagOption[]> {
  const rows = await db.tag.findMany({ select: { name: true, kind: true, label: true, _count: { select: { briefs: true } } } });
  return rows
    .map((row) => ({ name: row.name, kind: row.kind as TagKind, label: row.label, count: row._count.briefs }))
    .filter((option) => option.count > 0)
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export async function listBriefTypes(): Promise<string[]> {
  const rows = await db.brief.findMany({ where: { type: { not: null } }, distinct: ["type"], select: { type: true }, orderBy: { type: "asc" } });
  return rows.map((row) => row.type!).filter(Boolean);
}

export async function getBriefBySlug(slug: string): Promise<BriefView | null> {
  const row = await db.brief.findUnique({ where: { slug }, include: { tags: { select: { tag: { select: { name: true, kind: true, label: true } } } } } });
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    bodyText: row.bodyText,
    severity: toSeverity(row.severity),
    severityRaw: row.severityRaw,
    type: row.type,
    publishedAt: row.publishedAt,
    firstSeenAt: row.firstSeenAt,
    updatedAt: row.updatedAt,
    link: row.link,
    summaryHtml: row.summaryHtml,
    attackChain: toStrings(row.attackChain),
    impactHtml: row.impactHtml,
    recommendations: toStrings(row.recommendations),
    tags: toTags(row.tags),
  };
}

/**
 * Briefs sharing the most with this one: an ATT&CK tactic or technique in common counts double a
 * platform, since most briefs of a feed share its platform.
 */
export async function listRelatedBriefs(brief: Pick<BriefView, "id" | "tags">, limit = 5): Promise<BriefSummaryView[]> {
  const sharedKinds: TagKind[] = ["tactic", "technique", "platform"];
  const names = brief.tags.filter((tag) => sharedKinds.includes(tag.kind)).map((tag) => tag.name);
  if (!names.length) return [];
  const rows = await db.$queryRaw<{ briefId: string }[]>`
    SELECT bt."briefId" AS "briefId"
    FROM "BriefTag" bt JOIN "Tag" t ON t."id" = bt."tagId" JOIN "Brief" b ON b."id" = bt."briefId"
    WHERE t."name" IN (${Prisma.join(names)}) AND bt."briefId" <> ${brief.id}
    GROUP BY bt."briefId", b."publishedAt"
    ORDER BY SUM(CASE t."kind" WHEN 'platform' THEN 1 ELSE 2 END) DESC, b."publishedAt" DESC NULLS LAST
    LIMIT ${limit}`;
  return summariesInOrder(rows.map((row) => row.briefId));
}
