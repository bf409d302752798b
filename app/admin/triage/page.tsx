import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { FlashMessage } from "@/components/auth/flash-message";
import { requirePage } from "@/lib/auth/access";
import { readFlash } from "@/lib/auth/flash";
import { countNewBriefsBefore, parseDay } from "@/lib/triage/mark-reviewed";
import { toIsoDay } from "@/lib/utc-day";

export const metadata: Metadata = { title: "Triage backlog", robots: { index: false } };

type TriageAdminPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const button = "rounded border border-slate-400 px-2 py-0.5 text-sm hover:border-slate-700 dark:border-slate-500";
const field = "rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900";

/** Admins: start the team's queue at a day by marking every older brief nobody decided on as reviewed. */
export default async function TriageAdminPage({ searchParams }: TriageAdminPageProps) {
  await connection();
  await requirePage("admin");
  const today = toIsoDay(new Date());
  const waiting = await countNewBriefsBefore(parseDay(today)!);
  return (
    <div className="max-w-2xl space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-bold">Triage backlog</h1>
        <Link href="/admin/users" className="underline underline-offset-2">
          Users
        </Link>
      </div>
      <FlashMessage flash={readFlash(await searchParams)} />
      <p>
        When the team starts using the dashboard on a feed that already holds briefs, the queue begins with all of them.
        Mark the older ones reviewed in one step: every brief published before the day that is still <em>new</em> is
        dismissed with the reason “other” and a comment saying so, one history line each under your name. Briefs someone
        has already taken or decided are left as they are; running it again changes nothing.
      </p>
      <p data-testid="backlog-count">
        {waiting} {waiting === 1 ? "brief" : "briefs"} published before today ({today}) {waiting === 1 ? "is" : "are"}{" "}
        still new.
      </p>
      <form method="post" action="/api/admin/triage/mark-reviewed" className="flex flex-wrap items-end gap-3">
        <label className="block">
          <span className="block text-sm font-medium">Published before</span>
          <input name="before" type="date" required max={today} defaultValue={today} className={field} />
        </label>
        <button type="submit" className={button}>
          Mark reviewed
        </button>
      </form>
    </div>
  );
}
