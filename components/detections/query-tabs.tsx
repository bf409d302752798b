"use client";

import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { CopyButton } from "@/components/copy-button";

export type QueryTab = {
  backend: string;
  label: string;
  language: string;
  query: string | null;
  warnings: string[];
  notes: string[];
  error: string | null;
};
export type QueryTabsProps = {
  tabs: QueryTab[];
  /** The SIEM the signed-in user last chose (kept on her account); null when signed out or never chosen. */
  preferred: string | null;
  /** Whether a choice is kept on the account (signed in) or only in this browser. */
  signedIn: boolean;
};

/** Signed out, the last choice is kept in this browser only. */
const STORAGE_KEY = "preferred-siem";

/** One tab per SIEM, following the ARIA tabs pattern (arrow keys move between tabs). */
export function QueryTabs({ tabs, preferred, signedIn }: QueryTabsProps) {
  const indexOf = (backend: string | null) =>
    Math.max(
      0,
      tabs.findIndex((tab) => tab.backend === backend),
    );
  const [selected, setSelected] = useState(() => indexOf(preferred));
  const id = useId();

  // A choice made since the page was rendered wins over the server's: the page may come from the
  // shared-page cache, which a preference does not refresh. A signed-in user new to this browser
  // asks her account once, and the browser keeps the answer.
  useEffect(() => {
    const apply = (backend: string | null) => {
      if (backend && tabs.some((tab) => tab.backend === backend)) setSelected(indexOf(backend));
    };
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored) {
      // localStorage exists only in the browser: reading it after hydration keeps the server's and the browser's first HTML equal.
      apply(stored);
      return;
    }
    if (!signedIn) return;
    void fetch("/api/account/preferred-siem", { cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ siem: string | null }>) : null))
      .then((body) => {
        if (!body?.siem) return;
        window.localStorage.setItem(STORAGE_KEY, body.siem);
        apply(body.siem);
      })
      .catch(() => {});
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount: later choices set the state themselves
  }, []);

  function choose(index: number) {
    setSelected(index);
    const backend = tabs[index].backend;
    window.localStorage.setItem(STORAGE_KEY, backend);
    if (signedIn)
      void fetch("/api/account/preferred-siem", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ siem: backend }),
      }).catch(() => {});
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (selected + step + tabs.length) % tabs.length;
    choose(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  return (
    <div>
      <div
        role="tablist"
        aria-label="Query for your SIEM"
        className="flex flex-wrap gap-1 border-b border-slate-300 dark:border-slate-700"
      >
        {tabs.map((tab, index) => (
          <button
            key={tab.backend}
            id={`${id}-tab-${index}`}
            type="button"
            role="tab"
            aria-selected={index === selected}
            aria-controls={`${id}-panel-${index}`}
            tabIndex={index === selected ? 0 : -1}
            onClick={() => choose(index)}
            onKeyDown={onKeyDown}
            className={`-mb-px rounded-t border px-3 py-1.5 text-sm ${index === selected ? "border-slate-300 border-b-white bg-white font-semibold dark:border-slate-700 dark:border-b-slate-900 dark:bg-slate-900" : "border-transparent hover:underline"}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab, index) => (
        <div
          key={tab.backend}
          id={`${id}-panel-${index}`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-${index}`}
          hidden={index !== selected}
          className="space-y-2 pt-3"
        >
          {tab.query ? (
            <>
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm">{tab.language}</span>
                <CopyButton text={tab.query} label={`Copy ${tab.label} query`} />
              </div>
              {/* Focusable so a keyboard can scroll a long query sideways. */}
              <pre
                tabIndex={0}
                aria-label={`${tab.label} query`}
                className="overflow-x-auto rounded bg-slate-100 p-3 text-sm dark:bg-slate-800"
              >
                <code>{tab.query}</code>
              </pre>
            </>
          ) : null}
          {tab.error ? (
            <p
              role="note"
              className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
            >
              No {tab.label} query: {tab.error}
            </p>
          ) : null}
          {tab.warnings.length ? (
            <ul
              aria-label={`Warnings for the ${tab.label} query`}
              className="list-disc space-y-1 pl-5 text-sm text-amber-900 dark:text-amber-200"
            >
              {tab.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
          {tab.notes.length ? (
            <ul aria-label={`Notes for the ${tab.label} query`} className="list-disc space-y-1 pl-5 text-sm">
              {tab.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
    </div>
  );
}
