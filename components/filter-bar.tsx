"use client";

import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useId, useOptimistic, useState, useTransition } from "react";
import { SEVERITIES, SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";
import { briefListHref } from "@/lib/briefs/list-href";
import { activeFilterCount, SORT_LABELS, SORTS, type FilterOption, type Sort } from "@/lib/briefs/list-options";
import type { BriefListParams } from "@/lib/briefs/validations";

export type FilterBarProps = {
  params: BriefListParams;
  severityCounts: Record<Severity, number>;
  tactics: FilterOption[];
  platforms: FilterOption[];
  topics: FilterOption[];
  types: string[];
  /** The page these filters apply to, and its own parameters to keep (the coverage matrix's view). */
  pathname?: string;
  extraQuery?: Record<string, string>;
  /** Pages that do not list briefs have no order to choose. */
  sortable?: boolean;
};

const SEARCH_DEBOUNCE_MS = 300;
const controlClass =
  "w-full rounded border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100";

/**
 * The list's filters. Every change becomes the URL (page back to 1), so the view is a link to
 * share and back/forward step through it; typing in search is debounced and replaces the entry.
 * On a phone the panel would fill the first screen, so it folds behind a "Filters" control that
 * says how many filters apply.
 */
export function FilterBar({
  params: serverParams,
  severityCounts,
  tactics,
  platforms,
  topics,
  types,
  pathname = "/",
  extraQuery = {},
  sortable = true,
}: FilterBarProps) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  // Controls show the choice at once; the server's answer replaces it when the new page arrives.
  const [params, setOptimisticParams] = useOptimistic(serverParams);
  const [query, setQuery] = useState(params.q);
  const [shownQ, setShownQ] = useState(params.q);
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const active = activeFilterCount(params);

  // Back/forward changes the URL under us: show what it says (unless it is what is being typed).
  // Adjusted while rendering, as React advises for state that follows a prop, not in an effect.
  if (shownQ !== params.q) {
    setShownQ(params.q);
    setQuery((current) => (current.trim() === params.q ? current : params.q));
  }

  // Only a change in the typed text schedules a search; the search reads the params current when it fires.
  const searchTypedText = useEffectEvent((text: string) => {
    if (text !== params.q) navigate({ q: text }, "replace");
  });
  useEffect(() => {
    const timer = setTimeout(() => searchTypedText(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  function navigate(next: Partial<BriefListParams>, mode: "push" | "replace" = "push") {
    const nextParams = { ...params, ...next, page: 1 };
    const href = briefListHref(nextParams, pathname, extraQuery);
    startTransition(() => {
      setOptimisticParams(nextParams);
      if (mode === "push") router.push(href, { scroll: false });
      else router.replace(href, { scroll: false });
    });
  }

  function toggleSeverity(severity: Severity, checked: boolean) {
    navigate({
      severity: checked ? [...params.severity, severity] : params.severity.filter((value) => value !== severity),
    });
  }

  /** Platform and topic both live in `tag`: swap this group's value, keep the other's. */
  function chooseTag(group: FilterOption[], value: string) {
    const groupValues = new Set(group.map((option) => option.value));
    navigate({ tag: [...params.tag.filter((tag) => !groupValues.has(tag)), ...(value ? [value] : [])] });
  }

  const selectedIn = (group: FilterOption[]) =>
    params.tag.find((tag) => group.some((option) => option.value === tag)) ?? "";

  return (
    <div>
      <button
        type="button"
        aria-expanded={expanded}
        aria-controls={`${id}-filters`}
        onClick={() => setExpanded((open) => !open)}
        className="inline-flex items-center gap-2 rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium sm:hidden dark:border-slate-500 dark:bg-slate-900"
      >
        Filters
        <span className="rounded-full bg-slate-900 px-2 text-xs text-white dark:bg-slate-100 dark:text-slate-900">
          {active ? `${active} active` : "none"}
        </span>
        <span aria-hidden="true">{expanded ? "▴" : "▾"}</span>
      </button>
      <form
        id={`${id}-filters`}
        role="search"
        aria-label="Filter briefs"
        aria-busy={isPending}
        onSubmit={(event) => {
          event.preventDefault();
          navigate({ q: query.trim() });
        }}
        className={`${expanded ? "mt-2 block" : "hidden"} space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:mt-0 sm:block dark:border-slate-800 dark:bg-slate-900`}
      >
        <div>
          <label htmlFor={`${id}-q`} className="mb-1 block text-sm font-medium">
            Search
          </label>
          <input
            id={`${id}-q`}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Words in the title, summary or body"
            className={controlClass}
          />
        </div>

        <fieldset>
          <legend className="mb-1 text-sm font-medium">Severity</legend>
          <div className="flex flex-wrap gap-2">
            {/* Every real severity is always offered (a zero count is news too); "unknown" only when present. */}
            {SEVERITIES.filter(
              (severity) => severity !== "unknown" || severityCounts.unknown > 0 || params.severity.includes(severity),
            ).map((severity) => (
              <label
                key={severity}
                className="inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-slate-300 px-3 py-1 text-sm has-[:checked]:border-slate-900 has-[:checked]:bg-slate-900 has-[:checked]:text-white dark:border-slate-600 dark:has-[:checked]:border-slate-100 dark:has-[:checked]:bg-slate-100 dark:has-[:checked]:text-slate-900"
              >
                <input
                  type="checkbox"
                  checked={params.severity.includes(severity)}
                  onChange={(event) => toggleSeverity(severity, event.target.checked)}
                  className="size-3.5"
                />
                {SEVERITY_LABELS[severity]}
                <span>({severityCounts[severity]})</span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <Select
            label="ATT&CK tactic"
            value={params.tactic[0] ?? ""}
            onChange={(value) => navigate({ tactic: value ? [value] : [] })}
            options={tactics}
          />
          <Select
            label="Platform"
            value={selectedIn(platforms)}
            onChange={(value) => chooseTag(platforms, value)}
            options={platforms}
          />
          <Select
            label="Topic"
            value={selectedIn(topics)}
            onChange={(value) => chooseTag(topics, value)}
            options={topics}
          />
          <Select
            label="Type"
            value={params.type ?? ""}
            onChange={(value) => navigate({ type: value || undefined })}
            options={types.map((type) => ({ value: type, label: type, count: -1 }))}
          />
          <div className="grid grid-cols-2 gap-2">
            <div>
              <label htmlFor={`${id}-from`} className="mb-1 block text-sm font-medium">
                From
              </label>
              <input
                id={`${id}-from`}
                type="date"
                value={params.from ?? ""}
                onChange={(event) => navigate({ from: event.target.value || undefined })}
                className={controlClass}
              />
            </div>
            <div>
              <label htmlFor={`${id}-to`} className="mb-1 block text-sm font-medium">
                To
              </label>
              <input
                id={`${id}-to`}
                type="date"
                value={params.to ?? ""}
                onChange={(event) => navigate({ to: event.target.value || undefined })}
                className={controlClass}
              />
            </div>
          </div>
          {sortable ? (
            <div>
              <label htmlFor={`${id}-sort`} className="mb-1 block text-sm font-medium">
                Sort
              </label>
              <select
                id={`${id}-sort`}
                value={params.sort}
                onChange={(event) => navigate({ sort: event.target.value as Sort })}
                className={controlClass}
              >
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {SORT_LABELS[sort]}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
      </form>
    </div>
  );
}

type SelectProps = { label: string; value: string; onChange: (value: string) => void; options: FilterOption[] };

function Select({ label, value, onChange, options }: SelectProps) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className={controlClass}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
            {option.count >= 0 ? ` (${option.count})` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}
