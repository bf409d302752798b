// Plain constants and no imports: the filter controls use them in the browser, and both the URL
// parser (validations.ts) and the URL builder (list-href.ts) start from them.

export const SORTS = ["newest", "oldest", "severity"] as const;
export type Sort = (typeof SORTS)[number];
/** Briefs by whether a rule of the library detects what they describe: `none` lists the gaps. */
export const RULE_FILTERS = ["none", "any"] as const;
export type RuleFilter = (typeof RULE_FILTERS)[number];
export const RULE_FILTER_LABELS: Record<RuleFilter, string> = { none: "without a rule", any: "with a rule" };

export const SORT_LABELS: Record<Sort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  severity: "Most severe first",
};

/** A choice of a filter control, with how many briefs it has. */
export type FilterOption = { value: string; label: string; count: number };

/** How many filter values a view applies (each severity, tactic and tag counts), as the phone's "Filters" control shows. */
export function activeFilterCount(params: ListFilterValues): number {
  const single = [params.type, params.q, params.from, params.to, params.rule, params.assignee, params.decided].filter(
    Boolean,
  ).length;
  return params.severity.length + params.tactic.length + params.tag.length + (params.status?.length ?? 0) + single;
}

/** The filter values of a list view, as activeFilterCount counts them (BriefFilters has this shape). */
export type ListFilterValues = {
  severity: readonly string[];
  tactic: readonly string[];
  tag: readonly string[];
  type?: string;
  q?: string;
  from?: string;
  to?: string;
  rule?: string;
  status?: readonly string[];
  assignee?: string;
  decided?: string;
};
