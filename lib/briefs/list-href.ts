// No zod here: the filter controls import this in the browser.
import type { BriefListParams } from "@/lib/briefs/validations";

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
  if (params.status?.length) query.set("status", params.status.join(","));
  if (params.assignee) query.set("assignee", params.assignee);
  if (params.decided) query.set("decided", params.decided);
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
