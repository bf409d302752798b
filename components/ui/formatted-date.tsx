export type FormattedDateProps = { date: Date | null; fallback?: string };

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** Dates show in UTC so every reader of a shared link sees the same day. */
export function FormattedDate({ date, fallback = "Undated" }: FormattedDateProps) {
  if (!date) return <span>{fallback}</span>;
  return <time dateTime={date.toISOString()}>{dateFormat.format(date)}</time>;
}
