import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
      <div className="mx-auto flex max-w-4xl items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight">
          Threat Briefs
        </Link>
        <nav aria-label="Main" className="flex gap-4 text-sm">
          <Link href="/" className="hover:underline">
            Briefs
          </Link>
          <Link href="/status" className="hover:underline">
            Feed status
          </Link>
        </nav>
      </div>
    </header>
  );
}
