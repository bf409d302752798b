import { RunTable } from "@/components/run-table";
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
        Last outcome: <strong>{source.lastOutcome ?? "never synced"}</strong> · {source.activeRules} rules in use,{" "}
        {source.retiredRules} retired
      </p>
      {source.runs.length ? (
        <RunTable
          caption={`Recent syncs of ${source.label}`}
          runs={source.runs}
          columns={[
            {
              header: "Archive version",
              cell: (run) => run.archiveVersion ?? (run.location === source.url ? "—" : "offline archive"),
            },
            {
              header: "New / updated / unchanged / retired",
              cell: (run) => `${run.created} / ${run.updated} / ${run.unchanged} / ${run.retired}`,
            },
            { header: "Files skipped", cell: (run) => run.skipped },
          ]}
        />
      ) : null}
    </section>
  );
}
