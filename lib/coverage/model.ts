import { ATTACK, subTechniquesOf, techniqueInfo, type TechniqueStatus } from "@/lib/attack/catalog";
import type { CatalogTactic, CatalogTechnique } from "@/lib/attack/derive-catalog";
import type { Severity } from "@/lib/briefs/severity";
import { MATRIX_VIEW_PLATFORMS, type MatrixView } from "@/lib/coverage/matrix-views";

/** What the briefs say of one technique (lib/coverage/queries.ts counts them). */
export type BriefCount = {
  briefs: number;
  highest: Severity;
  /** Some brief cites this very ID, not only one of its sub-techniques. */
  direct: boolean;
};

export type RuleCount = { rules: number; direct: boolean };

/** One technique or sub-technique with its coverage: what the table, the CSV and the layers list. */
export type CoverageRow = {
  id: string;
  name: string | null;
  status: TechniqueStatus;
  parent: string | null;
  /** Tactic shortnames, in matrix order; empty for IDs not active in ATT&CK. */
  tactics: string[];
  briefs: number;
  /** The most severe of those briefs; null without briefs. */
  highest: Severity | null;
  rules: number;
  /** Briefs describe it and no rule in use detects it. */
  gap: boolean;
};

/** How dark a cell is: 0 without briefs, then 1–4 by its share of the busiest technique's briefs. */
export type Shade = 0 | 1 | 2 | 3 | 4;

export type MatrixCell = CoverageRow & { shade: Shade; subTechniques: MatrixCell[] };
export type MatrixColumn = { tactic: CatalogTactic; cells: MatrixCell[] };

export type CoverageModel = {
  view: MatrixView;
  /** Tactics in matrix order; the default view leaves out tactics without a technique to show. */
  columns: MatrixColumn[];
  /** Every technique and sub-technique the matrix shows, by ID. */
  rows: CoverageRow[];
  /** Revoked, deprecated or unknown IDs that briefs or rules cite: shown apart, never dropped. */
  retired: CoverageRow[];
  maxBriefs: number;
};

export type CoverageCounts = {
  briefs: Map<string, BriefCount>;
  rules: Map<string, RuleCount>;
  /** A filter narrows the briefs: the default view then shows their techniques only, not the rules'. */
  briefsFiltered: boolean;
};

function rowOf(id: string, counts: CoverageCounts): CoverageRow {
  const info = techniqueInfo(id);
  const brief = counts.briefs.get(id);
  const rules = counts.rules.get(id)?.rules ?? 0;
  const briefs = brief?.briefs ?? 0;
  return { id, name: info.name, status: info.status, parent: info.parent, tactics: info.tactics, briefs, highest: brief?.highest ?? null, rules, gap: briefs > 0 && rules === 0 };
}

function isTouched(id: string, counts: CoverageCounts): boolean {
  return (counts.briefs.get(id)?.briefs ?? 0) > 0 || (!counts.briefsFiltered && (counts.rules.get(id)?.rules ?? 0) > 0);
}

function onPlatforms(technique: CatalogTechnique, platforms: string[] | null): boolean {
  return platforms === null || technique.platforms.some((platform) => platforms.includes(platform));
}

/** Which active techniques and sub-techniques the view shows. */
function shownIds(view: MatrixView, counts: CoverageCounts): Set<string> {
  const shown = new Set<string>();
  const platforms = view === "touched" ? null : MATRIX_VIEW_PLATFORMS[view];
  for (const technique of ATTACK.techniques) {
    if (view === "touched" ? isTouched(technique.id, counts) : onPlatforms(technique, platforms)) shown.add(technique.id);
  }
  // A sub-technique sits under its parent, so a shown sub-technique shows its parent too.
  for (const id of [...shown]) {
    const parent = techniqueInfo(id).parent;
    if (parent) shown.add(parent);
  }
  return shown;
}

export function shadeOf(briefs: number, maxBriefs: number): Shade {
  if (briefs <= 0 || maxBriefs <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((4 * briefs) / maxBriefs))) as Shade;
}

/** The brief counts each shade stands for, for the legend: shade k holds counts in ((k−1)·max/4, k·max/4]. */
export function shadeRanges(maxBriefs: number): { shade: Shade; from: number; to: number }[] {
  const ranges: { shade: Shade; from: number; to: number }[] = [];
  for (const shade of [1, 2, 3, 4] as const) {
    const from = Math.floor(((shade - 1) * maxBriefs) / 4) + 1;
    const to = Math.floor((shade * maxBriefs) / 4);
    if (from <= to) ranges.push({ shade, from, to });
  }
  return ranges;
}

function byName(a: CoverageRow, b: CoverageRow): number {
  return (a.name ?? a.id).localeCompare(b.name ?? b.id) || a.id.localeCompare(b.id);
}

/**
 * The coverage matrix of a view: tactics as columns in matrix order, techniques by name under each
 * of their tactics, sub-techniques under their parent. Counts come from lib/coverage/queries.
 */
export function buildCoverage(view: MatrixView, counts: CoverageCounts): CoverageModel {
  const shown = shownIds(view, counts);
  const rows = [...shown].sort().map((id) => rowOf(id, counts));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const maxBriefs = Math.max(0, ...rows.map((row) => row.briefs));
  const cell = (row: CoverageRow, tactic: string): MatrixCell => ({
    ...row,
    shade: shadeOf(row.briefs, maxBriefs),
    subTechniques: subTechniquesOf(row.id)
      .filter((sub) => shown.has(sub.id) && sub.tactics.includes(tactic))
      .map((sub) => ({ ...byId.get(sub.id)!, shade: shadeOf(byId.get(sub.id)!.briefs, maxBriefs), subTechniques: [] })),
  });
  const columns = ATTACK.tactics
    .map((tactic) => ({
      tactic,
      cells: rows
        .filter((row) => row.parent === null && row.tactics.includes(tactic.shortname))
        .sort(byName)
        .map((row) => cell(row, tactic.shortname)),
    }))
    .filter((column) => view !== "touched" || column.cells.length > 0);

  const cited = new Set([...counts.briefs].filter(([, count]) => count.direct).map(([id]) => id));
  for (const [id, count] of counts.rules) if (count.direct) cited.add(id);
  const retired = [...cited]
    .sort()
    .map((id) => rowOf(id, counts))
    .filter((row) => row.status !== "active" && (row.briefs > 0 || !counts.briefsFiltered));
  return { view, columns, rows, retired, maxBriefs };
}

/**
 * Techniques briefs describe and no rule detects, most described first. A technique counted only
 * through its sub-techniques is left out: its sub-techniques are the ones to list.
 */
export function uncoveredTechniques(model: CoverageModel, counts: CoverageCounts): CoverageRow[] {
  return [...model.rows, ...model.retired]
    .filter((row) => row.gap && counts.briefs.get(row.id)?.direct)
    .sort((a, b) => b.briefs - a.briefs || a.id.localeCompare(b.id));
}
