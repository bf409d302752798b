"use client";

import { useEffect, useId, useState } from "react";
import type { TriageStep } from "@/lib/detections/types";

export type TriageChecklistProps = { steps: TriageStep[]; storageKey: string };

/** Triage steps as a checklist; ticks stay in this browser, per brief and rule. */
export function TriageChecklist({ steps, storageKey }: TriageChecklistProps) {
  const [checked, setChecked] = useState<boolean[]>(() => steps.map(() => false));
  const id = useId();

  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? "[]") as unknown;
      // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser: reading it after hydration keeps the server's and the browser's first HTML equal
      if (Array.isArray(saved)) setChecked(steps.map((_, index) => saved[index] === true));
    } catch {
      // A damaged entry starts the checklist afresh.
    }
  }, [storageKey, steps]);

  function toggle(index: number, value: boolean) {
    const next = checked.map((current, position) => (position === index ? value : current));
    setChecked(next);
    localStorage.setItem(storageKey, JSON.stringify(next));
  }

  const done = checked.filter(Boolean).length;
  return (
    <div className="space-y-2">
      <p className="text-sm" aria-live="polite">
        {done} of {steps.length} steps done
      </p>
      <ol className="space-y-2">
        {steps.map((step, index) => (
          <li key={index} className="flex items-start gap-2">
            <input
              id={`${id}-${index}`}
              type="checkbox"
              checked={checked[index] ?? false}
              onChange={(event) => toggle(index, event.target.checked)}
              className="mt-1 size-4"
            />
            <label htmlFor={`${id}-${index}`} className="text-sm">
              <span className="font-semibold">{index + 1}.</span> {step.text}
              {step.fields.length ? (
                <span className="mt-0.5 block font-mono text-xs text-slate-700 dark:text-slate-300">
                  Fields: {step.fields.join(", ")}
                </span>
              ) : null}
            </label>
          </li>
        ))}
      </ol>
    </div>
  );
}
