import { formatRunDuration, formatRunTime } from "@/lib/format/run-times";
import type { RuleSourceStatusView } from "@/lib/detections/sync/queries";

export type RuleLibraryStatusProps = { source: RuleSourceStatusView };

/** One rule library on /status: what it holds and its recent syncs. */
export function RuleLibraryStatus({ source }: RuleLibraryStatusProps) {
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 className="font-semibold">{source.label}</h3>
      <p className="text-sm break-all text-slate-600 dark:text-slate-400">
        {source.url}
        {source.configured ? "" : " (no longer in RULE_SOURCES)"}
      </p>
      <p className="text-sm">
        Last outcome: <strong>{source.lastOutcome ?? "never synced"}</strong> · {source.activeRules} rules in use, {source.retiredRules} retired
      </p>
      {source.runs.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Recent syncs of {source.label}</caption>
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-700">
                <th scope="col" className="py-1 pr-3">Started</th>
                <th scope="col" className="py-1 pr-3">Trigger</th>
                <th scope="col" className="py-1 pr-3">Outcome</th>
                <th scope="col" className="py-1 pr-3">Archive version</th>
                <th scope="col" className="py-1 pr-3">New / updated / unchanged / retired</th>
                <th scope="col" className="py-1 pr-3">Files skipped</th>
                <th scope="col" className="py-1 pr-3">Duration</th>
                <th scope="col" className="py-1">Error</th>
              </tr>
            </thead>
            <tbody>
              {source.runs.map((run) => (
                <tr key={run.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="py-1 pr-3 whitespace-nowrap">{formatRunTime(run.startedAt)}</td>
                  <td className="py-1 pr-3">{run.trigger}</td>
                  <td className="py-1 pr-3">{run.status}</td>
                  <td className="py-1 pr-3 break-all">{run.archiveVersion ?? (run.location === source.url ? "—" : "offline archive")}</td>
                  <td className="py-1 pr-3">
                    {run.created} / {run.updated} / {run.unchanged} / {run.retired}
                  </td>
                  <td className="py-1 pr-3">{run.skipped}</td>
                  <td className="py-1 pr-3">{formatRunDuration(run.startedAt, run.finishedAt)}</td>
                  <td className="py-1 break-all">{run.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
