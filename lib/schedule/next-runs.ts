/**
 * When the scheduler will next run each job, for pages that show it (/status). Kept apart from
 * lib/scheduler.ts, which starts the jobs and opens the database, so that reading a time imports
 * neither. The scheduler records its jobs here; a process without a scheduler has none.
 */

export type ScheduledJobKind = "ingest" | "rules-sync";

type NextRunSource = { nextRun(): Date | null };

// On globalThis: survives module reloads in development, as the scheduler itself does.
const globalForJobs = globalThis as unknown as { scheduledJobs?: Map<ScheduledJobKind, NextRunSource> };

function jobs(): Map<ScheduledJobKind, NextRunSource> {
  globalForJobs.scheduledJobs ??= new Map();
  return globalForJobs.scheduledJobs;
}

/** Records (or, with null, forgets) the job that runs this kind of work. */
export function recordScheduledJob(kind: ScheduledJobKind, job: NextRunSource | null): void {
  if (job) jobs().set(kind, job);
  else jobs().delete(kind);
}

/** When the scheduler will next ingest, or null when it is off (or not running in this process). */
export function nextScheduledRun(): Date | null {
  return jobs().get("ingest")?.nextRun() ?? null;
}

/** When the rule libraries will next be synced, or null when that is off. */
export function nextScheduledRulesSync(): Date | null {
  return jobs().get("rules-sync")?.nextRun() ?? null;
}
