/**
 * A CSV cell a spreadsheet shows as written. Titles, comments, names and IDs come from feeds and
 * people: a cell starting with =, +, -, @ (or a tab or carriage return, which some spreadsheets skip
 * before them) would run as a formula (OWASP "CSV injection"), so it is prefixed with a quote, which
 * the spreadsheet hides. Then RFC 4180: a field with a comma, quote or line break is quoted, its
 * quotes doubled. Numbers are written as they are.
 */
export function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
