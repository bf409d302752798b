import type { Metadata } from "next";
import { connection } from "next/server";
import { NotificationStatus } from "@/components/notification-status";
import { RuleLibraryStatus } from "@/components/rule-library-status";
import { listRuleSourceStatus } from "@/lib/detections/sync/queries";
import { RunTable } from "@/components/run-table";
import { formatRunTime } from "@/lib/format/run-times";
import { listFeedStatus } from "@/lib/ingest-runs/queries";
import { listNotifyTargetStatus } from "@/lib/notify/queries";
import { nextScheduledRulesSync, nextScheduledRun } from "@/lib/schedule/next-runs";
import { requirePage } from "@/lib/auth/access";

export const metadata: Metadata = { title: "Feed status" };

export default async function FeedStatusPage() {
  await connection();
  await requirePage("status");
  const [feeds, ruleSources, notifyTargets] = await Promise.all([
    listFeedStatus(),
    listRuleSourceStatus(),
    listNotifyTargetStatus(),
  ]);
  const nextRun = nextScheduledRun();
  const nextRulesSync = nextScheduledRulesSync();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Feed status</h1>
      <p className="text-sm">Next scheduled ingest: {nextRun ? formatRunTime(nextRun) : "scheduler off"}</p>
      {feeds.length === 0 ? <p>No feed has been ingested yet.</p> : null}
      {feeds.map((feed) => (
        <section
          key={feed.url}
          className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
        >
          <h2 className="font-semibold break-all">{feed.title ?? feed.url}</h2>
          <p className="text-sm break-all text-slate-600 dark:text-slate-400">{feed.url}</p>
          <p className="text-sm">
            Last outcome: <strong>{feed.lastOutcome ?? "never run"}</strong>
            {feed.consecutiveFailures ? ` (${feed.consecutiveFailures} failures in a row)` : null}
          </p>
          {/* eslint-disable-next-line react-hooks/purity -- a server component renders once per request: "now" is the request's time */}
          {feed.nextAttemptAt && feed.nextAttemptAt.getTime() > Date.now() ? (
            <p className="text-sm">
              Scheduled runs wait until {formatRunTime(feed.nextAttemptAt)} (backing off after failures).
            </p>
          ) : null}
          <RunTable
            caption={`Recent ingest runs of ${feed.url}`}
            runs={feed.runs}
            columns={[
              {
                header: "Seen / new / updated / unchanged",
                cell: (run) => `${run.seen} / ${run.created} / ${run.updated} / ${run.unchanged}`,
              },
            ]}
          />
        </section>
      ))}
      <section aria-labelledby="rule-libraries" className="space-y-3">
        <h2 id="rule-libraries" className="text-xl font-bold">
          Rule libraries
        </h2>
        <p className="text-sm">Next scheduled sync: {nextRulesSync ? formatRunTime(nextRulesSync) : "scheduler off"}</p>
        {ruleSources.length === 0 ? (
          <p className="text-sm">No rule library is configured (RULE_SOURCES is empty).</p>
        ) : null}
        {ruleSources.map((source) => (
          <RuleLibraryStatus key={source.name} source={source} />
        ))}
      </section>
      <section aria-labelledby="notifications" className="space-y-3">
        <h2 id="notifications" className="text-xl font-bold">
          Notifications
        </h2>
        {notifyTargets.length === 0 ? (
          <p className="text-sm">No notification target is configured (NOTIFY_CONFIG is unset or names none).</p>
        ) : null}
        {notifyTargets.map((target) => (
          <NotificationStatus key={target.name} target={target} />
        ))}
      </section>
    </div>
  );
}
