import "server-only";
import { Cron } from "croner";
import { ensureWalMode } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { syncBundledDetections } from "@/lib/detections/bundled-sync";
import { syncConfiguredLibraries } from "@/lib/detections/sync/sync-library";
import { seedBundledSampleIfEmpty } from "@/lib/ingest/bundled-sample";
import { ingestConfiguredFeeds } from "@/lib/ingest/ingest-configured";
import { RULE_IMPORT_STEPS, RULE_SYNC_STEPS } from "@/lib/ingest/steps";
import { registerConfiguredTargets } from "@/lib/notify/targets";
import { recordScheduledJob } from "@/lib/schedule/next-runs";
import { startNotifyWorker, type NotifyWorker } from "@/lib/notify/worker";
import { errorMessage } from "@/lib/log/error-message";
import { logEvent } from "@/lib/log/log-event";

type SchedulerState = {
  job: Cron | null;
  rulesJob: Cron | null;
  notifyWorker: NotifyWorker | null;
  intervalMinutes: number;
  startedAt: Date;
};

/** A scheduled run is due when none started within this share of the interval: a little slack for ticks that come early. */
const DUE_FRACTION = 0.9;

// Survives module reloads in development, so a reload never starts a second scheduler.
const globalForScheduler = globalThis as unknown as { briefScheduler?: SchedulerState };

/**
 * Starts the in-process scheduler once per server: registers the notification targets and starts
 * their delivery worker, seeds an empty database with the bundled sample, then ingests FEED_URLS
 * every INGEST_INTERVAL_MINUTES (0 turns it off). Runs never overlap in this process (`protect`),
 * the per-feed lease keeps other processes from running a feed at once, and a feed any process ran
 * within the interval is not run again (other servers on the same database have schedulers too).
 */
export async function startScheduler(): Promise<SchedulerState> {
  if (globalForScheduler.briefScheduler) return globalForScheduler.briefScheduler;
  const env = readEnv();
  const state: SchedulerState = {
    job: null,
    rulesJob: null,
    notifyWorker: null,
    intervalMinutes: env.INGEST_INTERVAL_MINUTES,
    startedAt: new Date(),
  };
  globalForScheduler.briefScheduler = state;

  await ensureWalMode();
  // Before the seed and any ingest, so that what they store is matched against the current targets.
  const targets = await registerConfiguredTargets();
  // Delivers what command-line ingests queue too, so it runs whether or not this server ingests.
  if (targets.length) state.notifyWorker = startNotifyWorker(targets);
  await seedBundledSampleIfEmpty().catch((error: unknown) =>
    logEvent("seed.failed", { error: errorMessage(error) }, "error"),
  );
  await syncBundledDetections(RULE_IMPORT_STEPS).catch((error: unknown) =>
    logEvent("detections.bundled-sync-failed", { error: errorMessage(error) }, "error"),
  );

  state.rulesJob = startRulesSync(env.RULES_SYNC_INTERVAL_HOURS, env.RULE_SOURCES.length);
  recordScheduledJob("rules-sync", state.rulesJob);
  if (env.INGEST_INTERVAL_MINUTES === 0) {
    logEvent("scheduler.off", { reason: "INGEST_INTERVAL_MINUTES=0" });
    return state;
  }
  const intervalMs = env.INGEST_INTERVAL_MINUTES * 60_000;
  state.job = new Cron(
    "* * * * * *",
    { interval: Math.round(intervalMs / 1000), protect: true, name: "ingest-feeds" },
    async () => {
      // Servers sharing a database each tick, at their own times: a feed another run started within
      // (most of) the interval is left alone, so it is ingested once per interval between them.
      await ingestConfiguredFeeds("scheduler", env.FEED_URLS, { dueAfterMs: intervalMs * DUE_FRACTION }).catch(
        (error: unknown) => logEvent("scheduler.run-failed", { error: errorMessage(error) }, "error"),
      );
    },
  );
  recordScheduledJob("ingest", state.job);
  logEvent("scheduler.started", { intervalMinutes: env.INGEST_INTERVAL_MINUTES, feeds: env.FEED_URLS });
  return state;
}

/**
 * Keeps the rule libraries (RULE_SOURCES) in sync every RULES_SYNC_INTERVAL_HOURS, starting soon
 * after start-up for any library not synced within that time. Each sync takes its library's lease,
 * so a CLI sync or another server never runs beside it.
 */
function startRulesSync(intervalHours: number, sourceCount: number): Cron | null {
  if (intervalHours === 0 || sourceCount === 0) {
    logEvent("rules-sync.off", {
      reason: intervalHours === 0 ? "RULES_SYNC_INTERVAL_HOURS=0" : "RULE_SOURCES is empty",
    });
    return null;
  }
  const intervalMs = intervalHours * 3_600_000;
  const job = new Cron(
    "* * * * * *",
    { interval: Math.round(intervalMs / 1000), protect: true, name: "sync-rule-libraries" },
    async () => {
      await syncConfiguredLibraries("scheduler", {
        dueAfterMs: intervalMs * DUE_FRACTION,
        withinSave: RULE_SYNC_STEPS,
      }).catch((error: unknown) => logEvent("rules-sync.run-failed", { error: errorMessage(error) }, "error"));
    },
  );
  logEvent("rules-sync.started", { intervalHours });
  return job;
}
