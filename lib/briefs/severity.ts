/** Severities from most to least severe; "unknown" is what an unrecognised or missing value becomes. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info", "unknown"] as const;

export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_SYNONYMS: Record<string, Severity> = {
  critical: "critical",
  crit: "critical",
  high: "high",
  medium: "medium",
  moderate: "medium",
  med: "medium",
  low: "low",
  info: "info",
  informational: "info",
  information: "info",
};

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Maps a raw severity category (any case, padded) to a known severity, or "unknown". */
export function parseSeverity(raw: string | undefined): Severity {
  if (!raw) return "unknown";
  return SEVERITY_SYNONYMS[raw.trim().toLowerCase()] ?? "unknown";
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
  unknown: "Unknown",
};
