import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SEVERITIES, isSeverity, type Severity } from "@/lib/briefs/severity";
import type { TagKind } from "@/lib/briefs/tags";
import { PAGE_SIZE, type BriefListParams } from "@/lib/briefs/validations";

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
  link: string | null;
  summaryHtml: string;
  attackChain: string[];
  impactHtml: string | null;
  recommendations: string[];
  severityRaw: string | null;
  firstSeenAt: Date;
  updatedAt: Date;
};

const TAG_ORDER: Record<TagKind, number> = { tactic: 0, platform: 1, topic: 2 };

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

/** One `where` for both the page of rows and the total, so they never disagree. */
function briefWhere(params: BriefListParams): Prisma.BriefWhereInput {
  return params.severity.length ? { severity: { in: params.severity } } : {};
}

const tagInclude = { tags: { select: { tag: { select: { name: true, kind: true, label: true } } } } } as const;

export async function listBriefs(params: BriefListParams): Promise<{ briefs: BriefSummaryView[]; total: number; pageCount: number }> {
  const where = briefWhere(params);
  const [rows, total] = await Promise.all([
    db.brief.findMany({
      where,
      orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { firstSeenAt: "desc" }, { id: "asc" }],
      skip: (params.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { slug: true, title: true, summary: true, severity: true, type: true, publishedAt: true, ...tagInclude },
    }),
    db.brief.count({ where }),
  ]);
  return {
    briefs: rows.map((row) => ({ ...row, severity: toSeverity(row.severity), tags: toTags(row.tags) })),
    total,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/** How many briefs each severity has, for the filter controls. */
export async function countBySeverity(): Promise<Record<Severity, number>> {
  const groups = await db.brief.groupBy({ by: ["severity"], _count: { _all: true } });
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const group of groups) counts[toSeverity(group.severity)] += group._count._all;
  return counts;
}

export async function getBriefBySlug(slug: string): Promise<BriefView | null> {
  const row = await db.brief.findUnique({ where: { slug }, include: tagInclude });
  if (!row) return null;
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
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
