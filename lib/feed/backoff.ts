const MINUTE_MS = 60_000;
const FIRST_DELAY_MS = 5 * MINUTE_MS;
const LONGEST_DELAY_MS = 24 * 60 * MINUTE_MS;

/** 5 min after the first failure, doubling with each one after it, at most a day. */
export function backoffDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (consecutiveFailures - 1), LONGEST_DELAY_MS);
}

/** When the scheduler may try a failing feed again: the later of the backoff and the host's wish. */
export function nextAttemptAt(now: Date, consecutiveFailures: number, retryAfterMs: number | null): Date {
  return new Date(now.getTime() + Math.max(backoffDelayMs(consecutiveFailures), retryAfterMs ?? 0));
}
