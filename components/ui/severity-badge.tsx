import { SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";

export type SeverityBadgeProps = { severity: Severity };

// Colour repeats the text; the label alone carries the meaning.
const SEVERITY_STYLES: Record<Severity, string> = {
  critical: "bg-red-700 text-white",
  high: "bg-orange-700 text-white",
  medium: "bg-amber-300 text-amber-950",
  low: "bg-sky-200 text-sky-950",
  info: "bg-slate-200 text-slate-900",
  unknown: "bg-slate-100 text-slate-700 ring-1 ring-slate-300",
};

export function SeverityBadge({ severity }: SeverityBadgeProps) {
  return (
    <span
      className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ${SEVERITY_STYLES[severity]}`}
    >
      <span className="sr-only">Severity: </span>
      {SEVERITY_LABELS[severity]}
    </span>
  );
}
