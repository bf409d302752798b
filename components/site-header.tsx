import Link from "next/link";
import { ThemeToggle } from "@/components/theme-toggle";
import type { Theme } from "@/lib/theme/theme";

export type SiteHeaderProps = { theme: Theme };

export function SiteHeader({ theme }: SiteHeaderProps) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight">
          Threat Briefs
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-4 text-sm">
          <Link href="/" className="hover:underline">
            Briefs
          </Link>
          <Link href="/overview" className="hover:underline">
            Overview
          </Link>
          <Link href="/coverage" className="hover:underline">
            Coverage
          </Link>
          <Link href="/detections" className="hover:underline">
            Detections
          </Link>
          <Link href="/status" className="hover:underline">
            Feed status
          </Link>
          <ThemeToggle initialTheme={theme} />
        </nav>
      </div>
    </header>
  );
}
