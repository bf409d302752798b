import Link from "next/link";
import { formatRunTime } from "@/lib/format/run-times";
import type { NotifyTargetStatusView } from "@/lib/notify/queries";

export type NotificationStatusProps = { target: NotifyTargetStatusView };

/** One notification target on /status: what it is told of, how its last deliveries went, what waits. */
export function NotificationStatus({ target }: NotificationStatusProps) {
  return (
    <section
      aria-label={`Notification target ${target.name}`}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h3 className="font-semibold">{target.name}</h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {target.kind}
        {target.host ? ` to ${target.host}` : " (not in this server's NOTIFY_CONFIG)"} · {target.events.join(", ")} ·{" "}
        <Link href={target.filterHref} className="underline underline-offset-2">
          {target.filterLabel}
        </Link>{" "}
        · since {formatRunTime(target.since)}
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Last success</dt>
        <dd>{target.lastSuccessAt ? formatRunTime(target.lastSuccessAt) : "none yet"}</dd>
        <dt className="font-medium">Last failure</dt>
        <dd className="break-all">
          {target.lastFailureAt
            ? `${formatRunTime(target.lastFailureAt)}: ${target.lastFailureReason ?? "no reason given"}`
            : "none"}
        </dd>
        <dt className="font-medium">Queue</dt>
        <dd>
          {target.queued} waiting · {target.delivered} delivered · {target.failed} failed
        </dd>
      </dl>
    </section>
  );
}
