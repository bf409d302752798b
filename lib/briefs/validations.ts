import { z } from "zod";
import { findTactic } from "@/lib/attack/tactics";
import { SEVERITY_LABELS, isSeverity, type Severity } from "@/lib/briefs/severity";
import {
  RULE_FILTER_LABELS,
  RULE_FILTERS,
  SORTS,
  activeFilterCount,
  type RuleFilter,
  type Sort,
} from "@/lib/briefs/list-options";
import { classifyTag, normaliseTagName } from "@/lib/briefs/tags";
import { isTriageState, TRIAGE_STATE_LABELS, type TriageState } from "@/lib/briefs/triage-states";

export const PAGE_SIZE = 20;
const MAX_QUERY_LENGTH = 200;

/** One value of a search parameter: Next gives a string, an array for repeats, or nothing. */
export const single = z.preprocess(
  (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value),
  z.string().optional(),
);

function commaList(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

function isoDay(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : undefined;
}

/**
 * The list page's URL state, parsed once on the server. A bad value falls back to its default
 * instead of failing the page, so a mistyped shared link still opens.
 */
export const briefListParamsSchema = z.object({
  // Order as given, so the link reads as the person built it (?severity=high,critical).
  severity: single.transform((value): Severity[] => commaList(value?.toLowerCase()).filter(isSeverity)),
  tactic: single.transform((value): string[] => {
    const slugs = commaList(value).map((name): string | undefined => findTactic(normaliseTagName(name))?.slug);
    return [...new Set(slugs.filter((slug): slug is string => slug !== undefined))];
  }),
  tag: single.transform((value) => [
    ...new Set(
      commaList(value)
        .map((name) => classifyTag(name)?.name)
        .filter((name): name is string => !!name),
    ),
  ]),
  type: single.transform((value) => {
    const type = value?.trim().toLowerCase();
    return type && /^[\p{L}\p{N} _-]{1,60}$/u.test(type) ? type : undefined;
  }),
  q: single.transform((value) => value?.replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_LENGTH) ?? ""),
  from: single.transform(isoDay),
  to: single.transform(isoDay),
  rule: single.transform((value): RuleFilter | undefined =>
    (RULE_FILTERS as readonly string[]).includes(value ?? "") ? (value as RuleFilter) : undefined,
  ),
  // The team's triage (lib/triage): shown only to those who may see it (the page drops them otherwise).
  status: single.transform((value): TriageState[] => commaList(value?.toLowerCase()).filter(isTriageState)),
  // "me" (whoever asks; the page puts their email in its place), "none", or an owner's email.
  assignee: single.transform((value) => {
    const assignee = value?.trim().toLowerCase();
    return assignee && (assignee === "me" || assignee === "none" || /^[^\s@,]{1,100}@[^\s@,]{1,200}$/.test(assignee))
      ? assignee
      : undefined;
  }),
  decided: single.transform((value): "yes" | "no" | undefined =>
    value === "yes" || value === "no" ? value : undefined,
  ),
  sort: single.transform((value): Sort =>
    (SORTS as readonly string[]).includes(value ?? "") ? (value as Sort) : "newest",
  ),
  page: single.transform((value) => {
    const page = Number(value);
    return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
  }),
});

export type BriefListParams = z.infer<typeof briefListParamsSchema>;
export type BriefFilters = Omit<BriefListParams, "page" | "sort">;

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export function parseBriefListParams(searchParams: SearchParamsRecord): BriefListParams {
  return briefListParamsSchema.parse(searchParams);
}

/** A query string (`severity=high&tactic=persistence`) in the shape Next gives a page's search params. */
export function searchParamsRecord(query: URLSearchParams | string): SearchParamsRecord {
  const params = typeof query === "string" ? new URLSearchParams(query) : query;
  const record: Record<string, string[]> = {};
  for (const [key, value] of params) (record[key] ??= []).push(value);
  return Object.fromEntries(
    Object.entries(record).map(([key, values]) => [key, values.length === 1 ? values[0] : values]),
  );
}

/** The parameters that choose which briefs a list holds (the others order and page it). */
export const FILTER_KEYS = Object.keys(briefListParamsSchema.shape).filter(
  (key) => key !== "page" && key !== "sort",
) as (keyof BriefFilters)[];

export const DEFAULT_LIST_PARAMS: BriefListParams = parseBriefListParams({});

export function hasFilters(params: BriefFilters): boolean {
  return activeFilterCount(params) > 0;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** A page title for a filtered view, such as "High and critical briefs — Credential Access". */
export function describeFilters(params: BriefFilters, tagLabels: Record<string, string> = {}): string {
  const severities = params.severity.map((severity, index) =>
    index === 0 ? SEVERITY_LABELS[severity] : SEVERITY_LABELS[severity].toLowerCase(),
  );
  const subject = `${severities.length ? `${joinWords(severities)} ` : ""}${params.type ? `${params.type} ` : ""}briefs`;
  const head = subject.charAt(0).toUpperCase() + subject.slice(1);
  const qualifiers = [
    ...params.tactic.map((slug) => findTactic(slug)?.name ?? slug),
    ...params.tag.map((name) => tagLabels[name] ?? name),
    ...(params.q ? [`“${params.q}”`] : []),
    ...(params.from || params.to ? [`${params.from ?? "…"} to ${params.to ?? "today"}`] : []),
    ...(params.rule ? [RULE_FILTER_LABELS[params.rule]] : []),
    ...(params.status.length
      ? [params.status.map((state) => TRIAGE_STATE_LABELS[state].toLowerCase()).join(" or ")]
      : []),
    ...(params.decided ? [params.decided === "yes" ? "decided" : "undecided"] : []),
    ...(params.assignee
      ? [params.assignee === "none" ? "nobody's" : params.assignee === "me" ? "mine" : `owned by ${params.assignee}`]
      : []),
  ];
  return qualifiers.length ? `${head} — ${qualifiers.join(", ")}` : head;
}
