import { CountLink } from "@/components/coverage/count-link";
import type { CoverageLinks } from "@/lib/coverage/links";
import { SeverityBadge } from "@/components/ui/severity-badge";
import type { CoverageModel, MatrixCell, Shade } from "@/lib/coverage/model";
import { plural } from "@/lib/format/plural";

export type CoverageMatrixProps = { model: CoverageModel; links: CoverageLinks };

/** Cell backgrounds by share of briefs; text keeps its contrast on every one, light and dark. */
export const SHADE_STYLES: Record<Shade, string> = {
  0: "bg-white dark:bg-slate-900",
  1: "bg-sky-50 dark:bg-sky-950",
  2: "bg-sky-100 dark:bg-sky-900",
  3: "bg-sky-200 dark:bg-sky-800",
  4: "bg-sky-300 dark:bg-sky-700",
};

const countLink = "font-semibold underline underline-offset-2";

function CellCounts({ cell, label, links }: { cell: MatrixCell; label: string; links: CoverageLinks }) {
  return (
    <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <CountLink count={cell.briefs} noun="brief" technique={label} href={links.briefs(cell.id)} text={plural(cell.briefs, "brief")} className={countLink} />
      <CountLink count={cell.rules} noun="rule" technique={label} href={links.rules(cell.id)} text={plural(cell.rules, "rule")} className={countLink} />
      {cell.highest ? <SeverityBadge severity={cell.highest} /> : null}
    </p>
  );
}

function TechniqueCell({ cell, tactic, links }: { cell: MatrixCell; tactic: string; links: CoverageLinks }) {
  const label = `${cell.id} ${cell.name ?? ""}`.trim();
  // Open when a sub-technique has something to show, so a busy family is never hidden.
  const openSubs = cell.subTechniques.some((sub) => sub.briefs > 0 || sub.rules > 0);
  return (
    <li
      data-technique={cell.id}
      data-tactic={tactic}
      className={`space-y-1 rounded border p-2 text-xs ${SHADE_STYLES[cell.shade]} ${cell.gap ? "border-2 border-dashed border-red-700 dark:border-red-400" : "border-slate-300 dark:border-slate-700"}`}
    >
      <a href={links.attack(cell.id)} target="_blank" rel="noopener noreferrer" className="block leading-snug hover:underline">
        <span className="font-mono">{cell.id}</span> <span className="font-medium">{cell.name}</span>
      </a>
      {/* The whole matrix is mostly cells nothing touches: they show their name alone, which keeps the page light. */}
      {cell.briefs > 0 || cell.rules > 0 ? <CellCounts cell={cell} label={label} links={links} /> : null}
      {cell.gap ? <p className="inline-block rounded bg-red-700 px-1.5 py-0.5 font-semibold text-white">Gap: no rule</p> : null}
      {cell.subTechniques.length ? (
        <details open={openSubs} className="pt-1">
          <summary className="cursor-pointer">{plural(cell.subTechniques.length, "sub-technique")}</summary>
          <ul className="mt-1 space-y-1">
            {cell.subTechniques.map((sub) => (
              <TechniqueCell key={sub.id} cell={sub} tactic={tactic} links={links} />
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

/**
 * The ATT&CK matrix of a coverage view: tactics as columns in matrix order (stacked on a phone),
 * each technique a cell shaded by its briefs, marked by their highest severity, and outlined as a
 * gap when no rule in use detects it. Every cell holds links, so the keyboard reaches each one.
 */
export function CoverageMatrix({ model, links }: CoverageMatrixProps) {
  if (!model.columns.length) return <p className="text-sm">No technique to show: no brief here cites one, and no rule of theirs detects one.</p>;
  return (
    <div data-coverage-matrix className="space-y-4 sm:flex sm:items-start sm:gap-3 sm:space-y-0 sm:overflow-x-auto sm:pb-2">
      {model.columns.map((column) => (
        <section key={column.tactic.id} aria-labelledby={`tactic-${column.tactic.id}`} className="sm:w-52 sm:shrink-0">
          <h2 id={`tactic-${column.tactic.id}`} className="mb-2 border-b-2 border-slate-400 pb-1 text-sm font-semibold dark:border-slate-500">
            {column.tactic.name} <span className="font-mono text-xs font-normal">{column.tactic.id}</span>
            <span className="block text-xs font-normal">{plural(column.cells.length, "technique")}</span>
          </h2>
          <ul className="space-y-1.5">
            {column.cells.map((cell) => (
              <TechniqueCell key={cell.id} cell={cell} tactic={column.tactic.shortname} links={links} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
