"use client";

import { useState } from "react";
import { THEMES, THEME_COOKIE, type Theme } from "@/lib/theme/theme";

export type ThemeToggleProps = { initialTheme: Theme };

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Cycles system → light → dark; the choice goes in a cookie so the server renders it next time. */
export function ThemeToggle({ initialTheme }: ThemeToggleProps) {
  const [theme, setTheme] = useState<Theme>(initialTheme);

  function cycle() {
    const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    const root = document.documentElement;
    root.classList.remove("light", "dark");
    if (next !== "system") root.classList.add(next);
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
    setTheme(next);
  }

  return (
    <button
      type="button"
      onClick={cycle}
      className="rounded border border-slate-400 px-2 py-1 text-sm hover:border-slate-600 dark:border-slate-500"
    >
      Theme: {LABELS[theme]}
    </button>
  );
}
