// No zod here: the filter controls import this in the browser.
import type { BriefListParams } from "@/lib/briefs/validations";

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
export function activeFilterCount(params: Omit<BriefListParams, "page" | "sort">): number {
  const single = [params.type, params.q, params.from, params.to, params.rule].filter(Boolean).length;
  return params.severity.length + params.tactic.length + params.tag.length + single;
}

/**
 * The URL for a list view; defaults are left out and keys keep one order, so equal views share one
 * link. `extra` carries a page's own parameters (the coverage matrix's view) after the list's.
 */
export function briefListHref(
  params: Partial<BriefListParams>,
  pathname = "/",
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams();
  if (params.severity?.length) query.set("severity", params.severity.join(","));
  if (params.tactic?.length) query.set("tactic", params.tactic.join(","));
  if (params.tag?.length) query.set("tag", params.tag.join(","));
  if (params.type) query.set("type", params.type);
  if (params.q) query.set("q", params.q);
  if (params.from) query.set("from", params.from);
  if (params.to) query.set("to", params.to);
  if (params.rule) query.set("rule", params.rule);
  if (params.sort && params.sort !== "newest") query.set("sort", params.sort);
  if (params.page && params.page > 1) query.set("page", String(params.page));
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString().replace(/%2C/g, ",");
  return text ? `${pathname}?${text}` : pathname;
}

/** A brief's page; its slug never changes once given, so neither does this. */
export function briefHref(slug: string): string {
  return `/briefs/${slug}`;
}

/** The feeds of a list view: the same parameters, any page (a feed carries the view's first briefs). */
export function feedHrefs(params: Partial<BriefListParams>): { rss: string; json: string } {
  const view = { ...params, page: 1 };
  return { rss: briefListHref(view, "/rss.xml"), json: briefListHref(view, "/feed.json") };
}
