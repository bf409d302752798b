import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { WeeklySeverityChart } from "@/components/weekly-severity-chart";
import { SeverityBadge } from "@/components/ui/severity-badge";
import { techniqueLabel } from "@/lib/attack/catalog";
import { findTactic } from "@/lib/attack/tactics";
import { briefListHref } from "@/lib/briefs/list-href";
import { briefsPerWeek, countBySeverity, type SeverityTotals } from "@/lib/briefs/overview-queries";
import { listTagOptions, type TagOption } from "@/lib/briefs/queries";
import { SEVERITIES } from "@/lib/briefs/severity";
import { coverageLinks } from "@/lib/coverage/links";
import { coverageHref } from "@/lib/coverage/matrix-views";
import { UNCOVERED_WINDOW_DAYS, listTopUncovered, type UncoveredTechniques } from "@/lib/coverage/queries";
import { plural } from "@/lib/format/plural";
import { DAY_MS, toIsoDay } from "@/lib/utc-day";
import { callerVerdict, requirePage } from "@/lib/auth/access";
import { TriageOverviewSection } from "@/components/triage/triage-overview";
import { triageOverview } from "@/lib/triage/overview";

export const metadata: Metadata = { title: "Overview", alternates: { canonical: "/overview" } };

const TOP_COUNT = 8;

function TopUncovered({ uncovered }: { uncovered: UncoveredTechniques }) {
  const links = coverageLinks(uncovered.filters);
  return (
    <section
      aria-labelledby="top-uncovered"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="top-uncovered" className="text-lg font-semibold">
        Top uncovered techniques
      </h2>
      <p className="mb-2 text-sm">
        Described by high and critical briefs of the last {UNCOVERED_WINDOW_DAYS} days (since {uncovered.since}),
        detected by no rule the team has marked deployed.{" "}
        <Link href={coverageHref(uncovered.filters)} className="underline underline-offset-2">
          Their coverage matrix
        </Link>
      </p>
      {uncovered.techniques.length ? (
        <ol className="space-y-1 text-sm">
          {uncovered.techniques.map((technique) => (
            <li key={technique.id} className="flex justify-between gap-2">
              <span>{techniqueLabel(technique.id)}</span>
              <Link
                href={links.briefs(technique.id)}
                className="font-semibold underline underline-offset-2"
                aria-label={`${plural(technique.briefs, "brief")}: ${techniqueLabel(technique.id)}`}
              >
                {technique.briefs}
              </Link>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm">
          {uncovered.briefs
            ? `None: a rule in use detects every technique ${uncovered.briefs === 1 ? "this brief describes" : `these ${uncovered.briefs} briefs describe`}.`
            : `No high or critical brief in the last ${UNCOVERED_WINDOW_DAYS} days.`}
        </p>
      )}
    </section>
  );
}

function TopTags({
  id,
  title,
  options,
  hrefFor,
}: {
  id: string;
  title: string;
  options: TagOption[];
  hrefFor: (option: TagOption) => string;
}) {
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {options.length ? (
        <ol className="space-y-1 text-sm">
          {options.slice(0, TOP_COUNT).map((option) => (
            <li key={option.name} className="flex justify-between gap-2">
              <span>
                {option.kind === "tactic" ? `${option.label} · ${findTactic(option.name)?.id ?? ""}` : option.label}
              </span>
              <Link
                href={hrefFor(option)}
                className="font-semibold underline underline-offset-2"
                aria-label={`${option.count} briefs: ${option.label}`}
              >
                {option.count}
              </Link>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm">None yet.</p>
      )}
    </section>
  );
}

export default async function OverviewPage() {
  await connection();
  const caller = await requirePage("overview");
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request: the windows end at the request's time
  const now = Date.now();
  const weekAgo = new Date(now - 7 * DAY_MS);
  const monthAgo = new Date(now - 30 * DAY_MS);
  const [allTime, lastWeek, lastMonth, weeks, tags, uncovered, triage] = await Promise.all([
    countBySeverity(),
    countBySeverity(weekAgo),
    countBySeverity(monthAgo),
    briefsPerWeek(),
    listTagOptions(),
    listTopUncovered(new Date(now), TOP_COUNT),
    // The team's decisions are not public: only those who may read them see the numbers.
    callerVerdict(caller, "triageRead") === "allow" ? triageOverview(new Date(now)) : Promise.resolve(null),
  ]);
  const periods: { label: string; totals: SeverityTotals; from?: string }[] = [
    { label: "All time", totals: allTime },
    { label: "Last 30 days", totals: lastMonth, from: toIsoDay(monthAgo) },
    { label: "Last 7 days", totals: lastWeek, from: toIsoDay(weekAgo) },
  ];
  const shownSeverities = SEVERITIES.filter((severity) => allTime[severity] > 0 || severity !== "unknown");

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Overview</h1>
      {triage ? <TriageOverviewSection overview={triage} /> : null}
      <section
        aria-labelledby="by-severity"
        className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="by-severity" className="mb-2 text-lg font-semibold">
          Briefs by severity
        </h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-4">
                Severity
              </th>
              {periods.map((period) => (
                <th key={period.label} scope="col" className="py-1 pr-4">
                  {period.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shownSeverities.map((severity) => (
              <tr key={severity} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="py-1 pr-4 font-normal">
                  <SeverityBadge severity={severity} />
                </th>
                {periods.map((period) => (
                  <td key={period.label} className="py-1 pr-4">
                    <Link
                      href={briefListHref({ severity: [severity], from: period.from })}
                      className="underline underline-offset-2"
                    >
                      {period.totals[severity]}
                    </Link>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section
        aria-labelledby="per-week"
        className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="per-week" className="mb-2 text-lg font-semibold">
          Briefs per week{weeks.length ? `, up to the week of the newest brief` : ""}
        </h2>
        <WeeklySeverityChart weeks={weeks} />
      </section>
      <div className="grid gap-4 sm:grid-cols-2">
        <TopTags
          id="top-tactics"
          title="Top ATT&CK tactics"
          options={tags.filter((tag) => tag.kind === "tactic")}
          hrefFor={(option) => briefListHref({ tactic: [option.name] })}
        />
        <TopTags
          id="top-platforms"
          title="Top platforms"
          options={tags.filter((tag) => tag.kind === "platform")}
          hrefFor={(option) => briefListHref({ tag: [option.name] })}
        />
      </div>
      <TopUncovered uncovered={uncovered} />
    </div>
  );
}
