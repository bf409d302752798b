/** A host asking for more than a week is treated as asking for a week. */
const LONGEST_RETRY_AFTER_MS = 7 * 24 * 60 * 60_000;

/** Reads Retry-After in either of its forms: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  const delay = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(delay) && delay > 0 ? Math.min(delay, LONGEST_RETRY_AFTER_MS) : null;
}
