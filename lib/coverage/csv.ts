import { csvCell } from "@/lib/format/csv-cell";
import type { CoverageModel, CoverageRow } from "@/lib/coverage/model";

export const CSV_COLUMNS = ["technique_id", "technique_name", "status", "parent", "tactics", "briefs", "highest_severity", "rules", "gap"] as const;

function line(row: CoverageRow): string {
  return [row.id, row.name ?? "", row.status, row.parent ?? "", row.tactics.join(";"), row.briefs, row.highest ?? "", row.rules, row.gap ? "yes" : "no"].map(csvCell).join(",");
}

/** The coverage view as CSV: one line per technique the matrix shows, then the revoked, deprecated or unknown IDs. */
export function coverageCsv(model: CoverageModel): string {
  return [CSV_COLUMNS.join(","), ...model.rows.map(line), ...model.retired.map(line)].join("\r\n") + "\r\n";
}
