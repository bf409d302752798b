import { csvCell } from "@/lib/format/csv-cell";

/** One brief's line in the team's export: what a manager pastes into a report or a ticket. */
export type TriageCsvRow = {
  title: string;
  url: string;
  severity: string;
  publishedAt: Date | null;
  state: string;
  owner: string | null;
  reason: string | null;
  comment: string | null;
  changedAt: Date | null;
  changedBy: string | null;
  /** "Rule title (Sentinel, Splunk)" for each linked rule the team runs somewhere. */
  deployedRules: string[];
};

export const TRIAGE_CSV_COLUMNS = [
  "brief",
  "url",
  "severity",
  "published",
  "state",
  "owner",
  "reason",
  "comment",
  "last_change",
  "changed_by",
  "deployed_rules",
] as const;

function line(row: TriageCsvRow): string {
  return [
    row.title,
    row.url,
    row.severity,
    row.publishedAt?.toISOString() ?? "",
    row.state,
    row.owner ?? "",
    row.reason ?? "",
    row.comment ?? "",
    row.changedAt?.toISOString() ?? "",
    row.changedBy ?? "",
    row.deployedRules.join("; "),
  ]
    .map(csvCell)
    .join(",");
}

/** The export as CSV text with a header line, lines ended CRLF as RFC 4180 has them. */
export function triageCsv(rows: readonly TriageCsvRow[]): string {
  return [TRIAGE_CSV_COLUMNS.join(","), ...rows.map(line)].join("\r\n") + "\r\n";
}
