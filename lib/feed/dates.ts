const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T)\b)\s*$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/;
const RFC822_DAY_MONTH = /(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(\d{4})/i;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the calendar date written in the text exists (no 31 February rolled into March). */
function calendarDateExists(text: string): boolean {
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const [hour, minute, second] = [Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0)];
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour < 24 && minute < 60 && second < 61;
  }
  const rfc = RFC822_DAY_MONTH.exec(text);
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2].toLowerCase()) + 1;
    const day = Number(rfc[1]);
    return day >= 1 && day <= daysInMonth(Number(rfc[3]), month);
  }
  return true;
}

/**
 * Reads an RSS (RFC 822) or Atom (RFC 3339) date. A date without a time zone is UTC, whatever the
 * server's TZ; an unreadable or impossible date is null rather than a guess.
 */
export function parseFeedDate(raw: string | undefined | null): Date | null {
  const text = raw?.trim();
  if (!text || !calendarDateExists(text)) return null;
  let withZone = text;
  if (!HAS_ZONE.test(text)) withZone = ISO_DATE.test(text) ? `${text.replace(" ", "T")}Z` : `${text} GMT`;
  const time = Date.parse(withZone);
  return Number.isNaN(time) ? null : new Date(time);
}
