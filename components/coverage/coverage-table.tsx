import { CountLink } from "@/components/coverage/count-link";
import type { CoverageLinks } from "@/lib/coverage/links";
import { findAttackTactic } from "@/lib/attack/catalog";
import { SEVERITY_LABELS } from "@/lib/briefs/severity";
import type { CoverageRow } from "@/lib/coverage/model";

export type CoverageTableProps = { rows: CoverageRow[]; links: CoverageLinks; caption: string };

const STATUS_LABELS: Record<CoverageRow["status"], string> = { active: "", revoked: "revoked", deprecated: "deprecated", unknown: "not in ATT&CK" };

const countLink = "underline underline-offset-2";

function byCoverage(a: CoverageRow, b: CoverageRow): number {
  return b.briefs - a.briefs || b.rules - a.rules || a.id.localeCompare(b.id);
}

/** The matrix's numbers as a table, most described first: what screen readers and keyboards read row by row. */
export function CoverageTable({ rows, links, caption }: CoverageTableProps) {
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300 dark:border-slate-700">
          <th scope="col" className="py-1 pr-3">Technique</th>
          <th scope="col" className="py-1 pr-3">Tactics</th>
          <th scope="col" className="py-1 pr-3">Briefs</th>
          <th scope="col" className="py-1 pr-3">Highest severity</th>
          <th scope="col" className="py-1 pr-3">Rules</th>
          <th scope="col" className="py-1">Gap</th>
        </tr>
      </thead>
      <tbody>
        {[...rows].sort(byCoverage).map((row) => {
          const label = `${row.id} ${row.name ?? ""}`.trim();
          return (
            <tr key={row.id} className="border-b border-slate-100 align-top dark:border-slate-800">
              <th scope="row" className="py-1 pr-3 font-normal">
                {label}
                {row.status !== "active" ? ` (${STATUS_LABELS[row.status]})` : ""}
              </th>
              <td className="py-1 pr-3">{row.tactics.map((tactic) => findAttackTactic(tactic)?.name ?? tactic).join(", ") || "—"}</td>
              <td className="py-1 pr-3">
                <CountLink count={row.briefs} noun="brief" technique={label} href={links.briefs(row.id)} text={String(row.briefs)} className={countLink} />
              </td>
              <td className="py-1 pr-3">{row.highest ? SEVERITY_LABELS[row.highest] : "—"}</td>
              <td className="py-1 pr-3">
                <CountLink count={row.rules} noun="rule" technique={label} href={links.rules(row.id)} text={String(row.rules)} className={countLink} />
              </td>
              <td className="py-1">{row.gap ? "Gap: no rule" : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
