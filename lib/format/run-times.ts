const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** A run's time in UTC, so every reader of the status page sees the same clock. */
export function formatRunTime(date: Date | null): string {
  return date ? `${timeFormat.format(date)} UTC` : "—";
}

export function formatRunDuration(startedAt: Date, finishedAt: Date | null): string {
  return finishedAt ? `${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(2)} s` : "running";
}
