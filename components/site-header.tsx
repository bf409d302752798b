import Link from "next/link";
import { ThemeToggle } from "@/components/theme-toggle";
import { ROLE_LABELS, roleAtLeast, type Role } from "@/lib/auth/roles";
import type { Theme } from "@/lib/theme/theme";

/** The signed-in user as the header shows them; null when nobody is signed in. */
export type HeaderUser = { name: string; email: string; role: Role } | null;

export type SiteHeaderProps = { theme: Theme; user: HeaderUser; awaitingFirstAccount: boolean };

export function SiteHeader({ theme, user, awaitingFirstAccount }: SiteHeaderProps) {
  // Before the first account everything public is open, /status included.
  const seesStatus = awaitingFirstAccount || (user !== null && roleAtLeast(user.role, "analyst"));
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
      {awaitingFirstAccount ? (
        <p className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 dark:bg-amber-900 dark:text-amber-50">
          No account exists yet, so this dashboard is open to anyone who can reach it. Create the first admin with the
          setup link printed at start-up (also in <code>data/setup-link.txt</code>) or{" "}
          <code>npm run users:create -- --email you@example.org --role admin</code>.
        </p>
      ) : null}
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight">
          Threat Briefs
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-4 text-sm">
          <Link href="/" className="hover:underline">
            Briefs
          </Link>
          {user ? (
            <Link href="/?assignee=me" className="hover:underline">
              My queue
            </Link>
          ) : null}
          <Link href="/overview" className="hover:underline">
            Overview
          </Link>
          <Link href="/coverage" className="hover:underline">
            Coverage
          </Link>
          <Link href="/detections" className="hover:underline">
            Detections
          </Link>
          {seesStatus ? (
            <Link href="/status" className="hover:underline">
              Feed status
            </Link>
          ) : null}
          {user?.role === "admin" ? (
            <Link href="/admin/users" className="hover:underline">
              Admin
            </Link>
          ) : null}
          <ThemeToggle initialTheme={theme} />
          {user ? (
            <span className="flex items-center gap-2">
              <Link href="/account" className="hover:underline" title={user.email}>
                {user.name} <span className="text-slate-600 dark:text-slate-300">({ROLE_LABELS[user.role]})</span>
              </Link>
              <form method="post" action="/api/sign-out">
                <button
                  type="submit"
                  className="rounded border border-slate-400 px-2 py-1 hover:border-slate-600 dark:border-slate-500"
                >
                  Sign out
                </button>
              </form>
            </span>
          ) : awaitingFirstAccount ? null : (
            <Link href="/sign-in" className="hover:underline">
              Sign in
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}
