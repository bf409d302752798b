export type DateTimeProps = { date: Date | null; fallback?: string };

/** A moment to the minute, in UTC: sessions, sign-ins and audit events need the time, not only the day. */
export function DateTime({ date, fallback = "never" }: DateTimeProps) {
  if (!date) return <span>{fallback}</span>;
  const iso = date.toISOString();
  return <time dateTime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}</time>;
}
