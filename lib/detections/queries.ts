import "server-only";
import { db, readDate, readJson, readRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DetectionListParams } from "@/lib/detections/validations";
import { DETECTION_LEVELS, type DetectionLevel, type DetectionRecord, type TriageStep } from "@/lib/detections/types";

export type DetectionView = Omit<DetectionRecord, "logsource"> & {
  logsource: { product: string | null; service: string | null; category: string | null };
  /** The synced library it came from (sigmahq, elastic), and its path there; null when bundled or hand-imported. */
  origin: string | null;
  originPath: string | null;
  /** When a sync found it gone from its library. */
  retiredAt: Date | null;
  importedAt: Date;
  updatedAt: Date;
};

export type LinkedDetectionView = DetectionView & { reason: string };
export type DetectionSummaryView = Pick<
  DetectionView,
  "id" | "title" | "level" | "logsource" | "techniques" | "source" | "origin" | "retiredAt"
> & { briefCount: number };

type DetectionRow = Prisma.DetectionGetPayload<object>;

function strings(value: Prisma.JsonValue): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function triageSteps(value: Prisma.JsonValue): TriageStep[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((step) => {
    if (!step || typeof step !== "object" || Array.isArray(step) || typeof step.text !== "string") return [];
    return [{ text: step.text, fields: strings(step.fields ?? []) }];
  });
}

function level(value: string | null): DetectionLevel | null {
  return (DETECTION_LEVELS as readonly string[]).includes(value ?? "") ? (value as DetectionLevel) : null;
}

function toView(row: DetectionRow): DetectionView {
  const native = row.nativeQuery;
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    level: level(row.level),
    description: row.description,
    logsource: { product: row.logProduct, service: row.logService, category: row.logCategory },
    ruleText: row.ruleText,
    ruleFormat: row.ruleFormat === "elastic-toml" ? "elastic-toml" : "sigma",
    techniques: strings(row.techniques),
    tactics: strings(row.tactics),
    falsePositives: strings(row.falsePositives),
    references: strings(row.references),
    triage: triageSteps(row.triage),
    source: row.source as DetectionView["source"],
    origin: row.origin,
    originPath: row.originPath,
    retiredAt: row.retiredAt,
    author: row.author,
    license: row.license,
    nativeQuery:
      native && typeof native === "object" && !Array.isArray(native) && typeof native.text === "string"
        ? { language: typeof native.language === "string" ? native.language : "", text: native.text }
        : null,
    importedAt: row.importedAt,
    updatedAt: row.updatedAt,
  };
}

export async function getDetection(id: string): Promise<DetectionView | null> {
  const row = await db.detection.findUnique({ where: { id } });
  return row ? toView(row) : null;
}

export async function listDetectionsByIds(ids: string[]): Promise<DetectionView[]> {
  return (await db.detection.findMany({ where: { id: { in: ids } } })).map(toView);
}

type DetectionColumns = Omit<
  DetectionRow,
  | "techniques"
  | "tactics"
  | "falsePositives"
  | "references"
  | "triage"
  | "nativeQuery"
  | "retiredAt"
  | "importedAt"
  | "updatedAt"
> & {
  techniques: unknown;
  tactics: unknown;
  falsePositives: unknown;
  references: unknown;
  triage: unknown;
  nativeQuery: unknown;
  retiredAt: Date | string | null;
  importedAt: Date | string;
  updatedAt: Date | string;
  reason: string;
};

/**
 * The detections a brief points to, with why: Sigma rules first (the source of truth), then by title.
 * Read with readRows, as the rest of the brief page is (Prisma's compiler cost more than the query).
 */
export async function listDetectionsForBrief(briefId: string): Promise<LinkedDetectionView[]> {
  const rows = await readRows<DetectionColumns>(Prisma.sql`
    SELECT d.*, bd."reason" AS "reason"
    FROM "BriefDetection" bd JOIN "Detection" d ON d."id" = bd."detectionId"
    WHERE bd."briefId" = ${briefId}
    ORDER BY d."title" ASC`);
  const formatRank = (view: DetectionView) => (view.ruleFormat === "sigma" ? 0 : 1);
  return rows
    .map(({ reason, ...row }) => {
      const detection: DetectionRow = {
        ...row,
        techniques: readJson(row.techniques),
        tactics: readJson(row.tactics),
        falsePositives: readJson(row.falsePositives),
        references: readJson(row.references),
        triage: readJson(row.triage),
        nativeQuery: row.nativeQuery === null ? null : readJson(row.nativeQuery),
        retiredAt: readDate(row.retiredAt),
        importedAt: readDate(row.importedAt)!,
        updatedAt: readDate(row.updatedAt)!,
      };
      return { ...toView(detection), reason };
    })
    .sort((a, b) => formatRank(a) - formatRank(b));
}

export async function listBriefsForDetection(
  detectionId: string,
): Promise<{ slug: string; title: string; reason: string }[]> {
  const links = await db.briefDetection.findMany({
    where: { detectionId },
    include: { brief: { select: { slug: true, title: true } } },
    orderBy: { brief: { publishedAt: { sort: "desc", nulls: "last" } } },
  });
  return links.map((link) => ({ slug: link.brief.slug, title: link.brief.title, reason: link.reason }));
}

export async function listDetections(params: DetectionListParams): Promise<DetectionSummaryView[]> {
  const [product, service] = params.logsource?.split("/") ?? [];
  const rows = await db.detection.findMany({
    where: {
      ...(params.level.length ? { level: { in: params.level } } : {}),
      ...(product ? { logProduct: product } : {}),
      ...(service ? { logService: service } : {}),
    },
    // Rules in use first; retired ones stay listed, after them.
    orderBy: [{ retiredAt: { sort: "asc", nulls: "first" } }, { title: "asc" }],
    include: { _count: { select: { briefs: true } } },
  });
  return rows
    .map((row) => ({ ...toView(row), briefCount: row._count.briefs }))
    .filter(
      (view) =>
        !params.technique ||
        view.techniques.some(
          (technique) => technique === params.technique || technique.startsWith(`${params.technique}.`),
        ),
    );
}

/** Log sources present in the library, as "product/service", for the index filter. */
export async function listLogSources(): Promise<string[]> {
  const rows = await db.detection.findMany({
    distinct: ["logProduct", "logService"],
    select: { logProduct: true, logService: true },
  });
  return rows
    .filter((row) => row.logProduct)
    .map((row) => [row.logProduct, row.logService].filter(Boolean).join("/"))
    .sort();
}
