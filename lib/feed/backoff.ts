const MINUTE_MS = 60_000;
const FIRST_DELAY_MS = 5 * MINUTE_MS;
const LONGEST_DELAY_MS = 24 * 60 * MINUTE_MS;
/** A host asking for more than a week is treated as asking for a week. */
const LONGEST_RETRY_AFTER_MS = 7 * 24 * 60 * MINUTE_MS;

/** 5 min after the first failure, doubling with each one after it, at most a day. */
export function backoffDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (consecutiveFailures - 1), LONGEST_DELAY_MS);
}

/** Reads Retry-After in either of its forms: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  const delay = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(delay) && delay > 0 ? Math.min(delay, LONGEST_RETRY_AFTER_MS) : null;
}

/** When the scheduler may try a failing feed again: the later of the backoff and the host's wish. */
export function nextAttemptAt(now: Date, consecutiveFailures: number, retryAfterMs: number | null): Date {
  return new Date(now.getTime() + Math.max(backoffDelayMs(consecutiveFailures), retryAfterMs ?? 0));
}
