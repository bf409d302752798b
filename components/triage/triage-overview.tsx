import Link from "next/link";
import { briefListHref } from "@/lib/briefs/list-href";
import { isDecided, TRIAGE_STATE_LABELS, TRIAGE_STATES } from "@/lib/briefs/triage-states";
import { plural } from "@/lib/format/plural";
import { DECISION_WINDOW_DAYS, OVERDUE_AFTER_DAYS, type TriageOverview } from "@/lib/triage/overview";

const cardClass = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

/** "3.5 hours", "2.1 days": a median a manager reads at a glance. */
function duration(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} minutes`;
  if (hours < 48) return `${hours.toFixed(1)} hours`;
  return `${(hours / 24).toFixed(1)} days`;
}

/** What the team has done with the briefs: the overview's triage numbers, each a link to its briefs where it can be. */
export function TriageOverviewSection({ overview }: { overview: TriageOverview }) {
  const { byState, overdue, timeToDecision, decisionsThisMonth } = overview;
  return (
    <section aria-labelledby="team-triage" className={`space-y-4 ${cardClass}`}>
      <h2 id="team-triage" className="text-lg font-semibold">
        Team triage
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <h3 className="mb-1 font-medium">Briefs by state</h3>
          <ul className="space-y-1 text-sm" aria-label="Briefs by state">
            {TRIAGE_STATES.map((state) => (
              <li key={state} className="flex justify-between gap-2">
                <span>
                  {TRIAGE_STATE_LABELS[state]}
                  {isDecided(state) ? " (decided)" : ""}
                </span>
                <Link
                  href={briefListHref({ status: [state] })}
                  className="font-semibold underline underline-offset-2"
                  aria-label={`${plural(byState[state], "brief")}: ${TRIAGE_STATE_LABELS[state]}`}
                >
                  {byState[state]}
                </Link>
              </li>
            ))}
          </ul>
        </div>
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="font-medium">
              High and critical, undecided after {OVERDUE_AFTER_DAYS} days (published before {overdue.before})
            </dt>
            <dd data-testid="overdue-briefs">
              <Link href={overdue.href} className="font-semibold underline underline-offset-2">
                {plural(overdue.count, "brief")}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="font-medium">
              Median time from publication to first decision, last {DECISION_WINDOW_DAYS} days
            </dt>
            <dd data-testid="time-to-decision">
              {timeToDecision.medianHours === null
                ? "No brief decided in that time."
                : `${duration(timeToDecision.medianHours)} (over ${plural(timeToDecision.decisions, "brief")})`}
            </dd>
          </div>
        </dl>
      </div>
      <div>
        <h3 className="mb-1 font-medium">Decisions this month</h3>
        {decisionsThisMonth.length ? (
          <ol className="space-y-1 text-sm" aria-label="Decisions this month">
            {decisionsThisMonth.map((row) => (
              <li key={row.actor} className="flex justify-between gap-2">
                <span>{row.actor}</span>
                <span className="font-semibold">{row.decisions}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm">Nobody has decided a brief this month yet.</p>
        )}
      </div>
    </section>
  );
}
