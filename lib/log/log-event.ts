/**
 * One event as one JSON line, `{"event": …, …fields}`: on standard output, or standard error for
 * failures, so a log shipper or a SIEM reads the server's events without parsing prose.
 */
export function logEvent(event: string, fields: Record<string, unknown> = {}, level: "info" | "error" = "info"): void {
  const line = JSON.stringify({ event, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
