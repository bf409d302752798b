import "server-only";
import { Cron } from "croner";
import { ensureWalMode } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { syncBundledDetections } from "@/lib/detections/bundled-sync";
import { seedBundledSampleIfEmpty } from "@/lib/feed/bundled-sample";
import { ingestConfiguredFeeds } from "@/lib/feed/ingest-configured";

type SchedulerState = { job: Cron | null; intervalMinutes: number; startedAt: Date };

// Survives module reloads in development, so a reload never starts a second scheduler.
const globalForScheduler = globalThis as unknown as { briefScheduler?: SchedulerState };

/**
 * Starts the in-process scheduler once per server: seeds an empty database with the bundled sample,
 * then ingests FEED_URLS every INGEST_INTERVAL_MINUTES (0 turns it off). Runs never overlap in this
 * process (`protect`), and the per-feed lease keeps other processes from running a feed at once.
 */
export async function startScheduler(): Promise<SchedulerState> {
  if (globalForScheduler.briefScheduler) return globalForScheduler.briefScheduler;
  const env = readEnv();
  const state: SchedulerState = { job: null, intervalMinutes: env.INGEST_INTERVAL_MINUTES, startedAt: new Date() };
  globalForScheduler.briefScheduler = state;

  await ensureWalMode();
  await seedBundledSampleIfEmpty().catch((error: unknown) => console.error(JSON.stringify({ event: "seed.failed", error: String(error) })));
  await syncBundledDetections().catch((error: unknown) => console.error(JSON.stringify({ event: "detections.bundled-sync-failed", error: String(error) })));

  if (env.INGEST_INTERVAL_MINUTES === 0) {
    console.log(JSON.stringify({ event: "scheduler.off", reason: "INGEST_INTERVAL_MINUTES=0" }));
    return state;
  }
  state.job = new Cron(
    "* * * * * *",
    { interval: Math.round(env.INGEST_INTERVAL_MINUTES * 60), protect: true, name: "ingest-feeds" },
    async () => {
      await ingestConfiguredFeeds("scheduler").catch((error: unknown) =>
        console.error(JSON.stringify({ event: "scheduler.run-failed", error: error instanceof Error ? error.message : String(error) })),
      );
    },
  );
  console.log(JSON.stringify({ event: "scheduler.started", intervalMinutes: env.INGEST_INTERVAL_MINUTES, feeds: env.FEED_URLS }));
  return state;
}

/** When the scheduler will next ingest, or null when it is off (or not running in this process). */
export function nextScheduledRun(): Date | null {
  return globalForScheduler.briefScheduler?.job?.nextRun() ?? null;
}
