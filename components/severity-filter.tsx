import Link from "next/link";
import { SEVERITIES, SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";
import { briefListHref } from "@/lib/briefs/validations";

export type SeverityFilterProps = { selected: Severity[]; counts: Record<Severity, number> };

/** Each severity is a link that toggles it in the URL, so a filtered view is a link to share. */
export function SeverityFilter({ selected, counts }: SeverityFilterProps) {
  return (
    <nav aria-label="Filter by severity" className="flex flex-wrap items-center gap-2">
      <span className="text-sm font-medium text-slate-700 dark:text-slate-300">Severity:</span>
      {SEVERITIES.filter((severity) => counts[severity] > 0 || selected.includes(severity)).map((severity) => {
        const isSelected = selected.includes(severity);
        const next = isSelected ? selected.filter((value) => value !== severity) : [...selected, severity];
        return (
          <Link
            key={severity}
            href={briefListHref({ severity: SEVERITIES.filter((value) => next.includes(value)) })}
            aria-current={isSelected ? "true" : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${
              isSelected
                ? "border-slate-900 bg-slate-900 text-white dark:border-slate-100 dark:bg-slate-100 dark:text-slate-900"
                : "border-slate-300 hover:border-slate-500 dark:border-slate-700"
            }`}
          >
            {SEVERITY_LABELS[severity]} <span className="opacity-75">({counts[severity]})</span>
          </Link>
        );
      })}
      {selected.length ? (
        <Link href="/" className="text-sm underline underline-offset-2">
          Clear filters
        </Link>
      ) : null}
    </nav>
  );
}
