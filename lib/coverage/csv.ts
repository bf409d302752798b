import type { CoverageModel, CoverageRow } from "@/lib/coverage/model";

export const CSV_COLUMNS = ["technique_id", "technique_name", "status", "parent", "tactics", "briefs", "highest_severity", "rules", "gap"] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(row: CoverageRow): string {
  return [row.id, row.name ?? "", row.status, row.parent ?? "", row.tactics.join(";"), row.briefs, row.highest ?? "", row.rules, row.gap ? "yes" : "no"].map(field).join(",");
}

/** The coverage view as CSV: one line per technique the matrix shows, then the revoked, deprecated or unknown IDs. */
export function coverageCsv(model: CoverageModel): string {
  return [CSV_COLUMNS.join(","), ...model.rows.map(line), ...model.retired.map(line)].join("\r\n") + "\r\n";
}
