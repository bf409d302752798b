import "server-only";
import { LEASE_HOLDER } from "@/lib/leases/lease";
import type { NotifyTargetConfig } from "@/lib/notify/config";
import { openDeliveryStore, type ClaimedNotification, type DeliveryStore } from "@/lib/notify/delivery-store";
import { DEFAULT_RETRY_POLICY, outcomeOf, type DeliveryOutcome, type RetryPolicy } from "@/lib/notify/outcome";
import type { ChangeDetail } from "@/lib/notify/messages";
import { sendNotification } from "@/lib/notify/send";
import { errorMessage } from "@/lib/log/error-message";
import { logEvent } from "@/lib/log/log-event";

export type WorkerOptions = {
  /** How often the outbox is looked at when the last look found less than a full batch. */
  pollMs?: number;
  batchSize?: number;
  /** How long a claim keeps other workers off a row: far longer than a delivery may take. */
  claimMs?: number;
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
};

const DEFAULTS = { pollMs: 1000, batchSize: 20, claimMs: 5 * 60_000 };

export type DeliveryReport = {
  notification: string;
  target: string;
  trigger: string;
  brief: string | null;
  outcome: DeliveryOutcome["kind"];
  reason?: string;
  recorded: boolean;
};

function logReport(report: DeliveryReport): void {
  const line = JSON.stringify({ event: `notify.${report.outcome}`, ...report });
  if (report.outcome === "delivered") console.log(line);
  else console.error(line);
}

async function deliverOne(
  store: DeliveryStore,
  target: NotifyTargetConfig,
  row: ClaimedNotification,
  options: Required<Pick<WorkerOptions, "claimMs">> & WorkerOptions,
): Promise<DeliveryReport> {
  const brief = await store.readBrief(row.briefId);
  const attempt = brief
    ? await sendNotification(
        target,
        {
          id: row.id,
          event: row.event,
          severity: row.severity,
          previousSeverity: row.previousSeverity,
          change: row.detail ? (JSON.parse(row.detail) as ChangeDetail) : null,
          brief,
        },
        { timeoutMs: options.timeoutMs },
      )
    : null;
  const attemptedAt = new Date();
  const outcome: DeliveryOutcome = attempt
    ? outcomeOf(attempt, row.attempts + 1, attemptedAt, options.retryPolicy ?? DEFAULT_RETRY_POLICY)
    : { kind: "failed", reason: "The brief no longer exists" };
  const recorded = await store.record(row, LEASE_HOLDER, outcome, {
    now: attemptedAt,
    patienceMs: options.claimMs / 2,
  });
  return {
    notification: row.id,
    target: target.name,
    trigger: row.event,
    brief: brief?.slug ?? null,
    outcome: outcome.kind,
    ...(outcome.kind === "delivered" ? {} : { reason: outcome.reason }),
    recorded,
  };
}

/**
 * One pass over the outbox: claims the due rows of these targets and delivers them, each target's
 * in the order they were queued, different targets side by side (a slow receiver holds up only its
 * own). Rows of targets this process does not know stay for a process that does.
 */
export async function deliverDue(
  store: DeliveryStore,
  targets: readonly NotifyTargetConfig[],
  options: WorkerOptions = {},
): Promise<DeliveryReport[]> {
  const settings = { ...DEFAULTS, ...options };
  await store.releaseClaimsOfDeadHolders();
  const claimed = await store.claimDue(
    targets.map((target) => target.name),
    LEASE_HOLDER,
    { claimMs: settings.claimMs, limit: settings.batchSize },
  );
  const byTarget = new Map<string, ClaimedNotification[]>();
  for (const row of claimed) byTarget.set(row.targetName, [...(byTarget.get(row.targetName) ?? []), row]);
  const reports = await Promise.all(
    [...byTarget].map(async ([name, rows]) => {
      const target = targets.find((candidate) => candidate.name === name)!;
      const done: DeliveryReport[] = [];
      for (const row of rows) {
        const report = await deliverOne(store, target, row, settings);
        logReport(report);
        done.push(report);
      }
      return done;
    }),
  );
  return reports.flat();
}

export type NotifyWorker = { stop(): Promise<void> };

/**
 * Delivers the outbox in the background until stopped: what the server runs beside the scheduler.
 * Any number of workers, in any processes, may run on one database; each row is claimed by one.
 */
export function startNotifyWorker(targets: readonly NotifyTargetConfig[], options: WorkerOptions = {}): NotifyWorker {
  const settings = { ...DEFAULTS, ...options };
  const store = openDeliveryStore();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();

  const tick = () => {
    pass = (async () => {
      let delivered = 0;
      try {
        delivered = (await deliverDue(store, targets, settings)).length;
      } catch (error) {
        logEvent("notify.worker-failed", { error: errorMessage(error) }, "error");
      }
      if (!stopped) timer = setTimeout(tick, delivered >= settings.batchSize ? 0 : settings.pollMs);
    })();
  };
  tick();
  logEvent("notify.worker-started", { targets: targets.map((target) => target.name) });

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
      await store.close();
    },
  };
}
