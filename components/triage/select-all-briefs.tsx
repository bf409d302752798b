"use client";

import { useEffect, useRef } from "react";

export type SelectAllBriefsProps = { form: string };

const rowsOf = (form: string) => [
  ...document.querySelectorAll<HTMLInputElement>(`input[name="brief"][form="${CSS.escape(form)}"]`),
];

/**
 * One checkbox that selects or clears every row of the page for the bulk form; it shows "some"
 * (indeterminate) when only part of them are chosen, so the state is never ambiguous by keyboard.
 */
export function SelectAllBriefs({ form }: SelectAllBriefsProps) {
  const self = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const sync = (event: Event) => {
      const box = self.current;
      // Its own change sets the rows; a row's change (or a reset) moves it.
      if (!box || event.target === box) return;
      const rows = rowsOf(form);
      const checked = rows.filter((row) => row.checked).length;
      box.checked = checked > 0 && checked === rows.length;
      box.indeterminate = checked > 0 && checked < rows.length;
    };
    document.addEventListener("change", sync);
    return () => document.removeEventListener("change", sync);
  }, [form]);

  return (
    <label className="flex items-center gap-2 text-sm font-medium">
      <input
        ref={self}
        type="checkbox"
        onChange={(event) => {
          for (const row of rowsOf(form)) row.checked = event.currentTarget.checked;
        }}
        className="size-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      />
      Select all on this page
    </label>
  );
}
