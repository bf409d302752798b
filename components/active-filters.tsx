import Link from "next/link";
import { findTactic } from "@/lib/attack/tactics";
import { briefListHref } from "@/lib/briefs/list-href";
import { RULE_FILTER_LABELS } from "@/lib/briefs/list-options";
import { SEVERITY_LABELS } from "@/lib/briefs/severity";
import { hasFilters, type BriefListParams } from "@/lib/briefs/validations";

export type ActiveFiltersProps = {
  params: BriefListParams;
  tagLabels: Record<string, string>;
  /** The page the filters apply to, and its own parameters to keep (the coverage matrix's view). */
  pathname?: string;
  extraQuery?: Record<string, string>;
};

/** What the view is filtered by, each with a link that removes it, and one that clears them all. */
export function ActiveFilters({ params, tagLabels, pathname = "/", extraQuery = {} }: ActiveFiltersProps) {
  if (!hasFilters(params)) return null;
  const base = { ...params, page: 1 };
  const href = (next: Partial<BriefListParams>) => briefListHref(next, pathname, extraQuery);
  const removals = [
    ...params.severity.map((value) => ({
      label: `Severity: ${SEVERITY_LABELS[value]}`,
      href: href({ ...base, severity: params.severity.filter((item) => item !== value) }),
    })),
    ...params.tactic.map((value) => ({
      label: `Tactic: ${findTactic(value)?.name ?? value}`,
      href: href({ ...base, tactic: params.tactic.filter((item) => item !== value) }),
    })),
    ...params.tag.map((value) => ({
      label: `Tag: ${tagLabels[value] ?? value}`,
      href: href({ ...base, tag: params.tag.filter((item) => item !== value) }),
    })),
    ...(params.type ? [{ label: `Type: ${params.type}`, href: href({ ...base, type: undefined }) }] : []),
    ...(params.q ? [{ label: `Search: ${params.q}`, href: href({ ...base, q: "" }) }] : []),
    ...(params.from ? [{ label: `From ${params.from}`, href: href({ ...base, from: undefined }) }] : []),
    ...(params.to ? [{ label: `To ${params.to}`, href: href({ ...base, to: undefined }) }] : []),
    ...(params.rule
      ? [{ label: `Detection: ${RULE_FILTER_LABELS[params.rule]}`, href: href({ ...base, rule: undefined }) }]
      : []),
  ];
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="font-medium">Filtered by:</span>
      <ul className="flex flex-wrap gap-2" aria-label="Active filters">
        {removals.map((removal) => (
          <li key={removal.label}>
            <Link
              href={removal.href}
              className="inline-flex items-center gap-1 rounded-full border border-slate-400 px-2 py-0.5 hover:border-slate-700 dark:border-slate-500"
              aria-label={`Remove filter ${removal.label}`}
            >
              {removal.label} <span aria-hidden="true">×</span>
            </Link>
          </li>
        ))}
      </ul>
      <Link href={href({ sort: params.sort })} className="underline underline-offset-2">
        Clear filters
      </Link>
    </div>
  );
}
