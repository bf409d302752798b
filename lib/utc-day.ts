/** Days as the dashboard counts them: UTC, so every reader of a shared link sees the same day. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC calendar day of a moment, as YYYY-MM-DD (the form the list's from/to take). */
export function toIsoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
