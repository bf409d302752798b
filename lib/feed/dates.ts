/**
 * Feed dates are read by an explicit grammar and computed with Date.UTC, never handed to
 * `Date.parse`/`new Date(text)`. V8's fallback parser reads a date it does not recognise in the
 * server's local time zone ("01-30-2024" is 29 Jan 11:00 UTC in Auckland and 30 Jan 08:00 UTC in Los
 * Angeles), rolls impossible dates over ("Feb 31 2024" becomes 2 March) and accepts near-garbage
 * ("12" is December 2001). Here only what the grammar reads is a date, a date without a zone is UTC,
 * and everything else is null — so the result is the same on every server.
 */

const FULL_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * Zone names RFC 822/2822 define. Other abbreviations (CEST, BST, IST, …) are ambiguous or unknown: a
 * date carrying one is unreadable rather than silently shifted by hours. A Map, so `constructor` is
 * not a zone.
 */
const NAMED_ZONES = new Map<string, number>([
  ["z", 0],
  ["ut", 0],
  ["utc", 0],
  ["gmt", 0],
  ["est", -5 * 60],
  ["edt", -4 * 60],
  ["cst", -6 * 60],
  ["cdt", -5 * 60],
  ["mst", -7 * 60],
  ["mdt", -6 * 60],
  ["pst", -8 * 60],
  ["pdt", -7 * 60],
]);

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?`;
/** RFC 3339 / ISO 8601 (`2024-01-30T08:00:00+02:00`, `2024-01-30 08:00`, `2024-01-30`), also with slashes. */
const ISO = new RegExp(String.raw`^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)${TIME})?`, "i");
/** RFC 822 / 2822 / 850 (`Tue, 30 Jan 2024 08:00:00 GMT`, `Tuesday, 30-Jan-24 08:00:00 GMT`, `30 January 2024`). */
const DAY_FIRST = new RegExp(
  String.raw`^(?:[a-z]+\.?,?\s*)?(\d{1,2})(?:\s+|-)([a-z]+)\.?(?:\s+|-)(\d{4}|\d{2})(?:,?\s+${TIME})?`,
  "i",
);
/** Month first (`January 30, 2024`, JavaScript's `Tue Jan 30 2024 08:00:00 GMT+0000 (…)`). */
const MONTH_FIRST = new RegExp(
  String.raw`^(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?${TIME})?`,
  "i",
);
const ZONE = /^(?:([a-z]{1,5})\s*)?(?:([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/** Longer than any date format above, with a zone comment; anything longer is not a date. */
const MAX_DATE_LENGTH = 128;
/** Years before this are placeholders, not dates: Go's zero time prints as `Mon, 01 Jan 0001 00:00:00 +0000`. */
const MIN_YEAR = 1970;

type Parts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string | undefined;
  zone: string;
};

function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower.length < 3) return null;
  const index = FULL_MONTHS.findIndex((month) => month.startsWith(lower));
  return index < 0 ? null : index + 1;
}

/** RFC 2822 §4.3: a two-digit year 00–49 is 20xx, 50–99 is 19xx. */
function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length === 4) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Minutes east of UTC; empty means UTC; null when the zone is not one we can read. */
function zoneOffset(zone: string): number | null {
  // RFC 2822 allows a trailing comment, as in `-0800 (PST)` or JavaScript's `GMT+0000 (Coordinated Universal Time)`.
  const text = zone.replace(/\([^()]*\)\s*$/, "").trim();
  if (!text) return 0;
  const match = ZONE.exec(text);
  if (!match || (!match[1] && !match[2])) return null;
  let offset = 0;
  if (match[1]) {
    const named = NAMED_ZONES.get(match[1].toLowerCase());
    if (named === undefined) return null;
    // `GMT+0100` is an offset from GMT; `EST+0100` means nothing.
    if (match[2] && named !== 0) return null;
    offset = named;
  }
  if (match[2]) {
    const hours = Number(match[3]);
    const minutes = Number(match[4] ?? 0);
    if (hours > 23 || minutes > 59) return null;
    offset += (match[2] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  return offset;
}

function toDate(parts: Parts): Date | null {
  const { year, month, day, hour, minute, second } = parts;
  if (year < MIN_YEAR) return null;
  // Checked here, not left to Date.UTC, which would roll 31 February into March.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const offset = zoneOffset(parts.zone);
  if (offset === null) return null;
  const milliseconds = parts.fraction ? Number(parts.fraction.slice(0, 3).padEnd(3, "0")) : 0;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offset * 60_000);
}

function timeParts(match: RegExpExecArray, first: number) {
  return {
    hour: Number(match[first] ?? 0),
    minute: Number(match[first + 1] ?? 0),
    second: Number(match[first + 2] ?? 0),
    fraction: match[first + 3],
  };
}

/**
 * Reads an RSS (RFC 822) or Atom (RFC 3339) date, and a few common variants. A date without a time
 * zone is UTC, whatever the server's TZ; an unreadable or impossible date is null rather than a guess.
 * Takes `unknown` because a hostile feed can put markup where the date belongs.
 */
export function parseFeedDate(raw: unknown): Date | null {
  if (typeof raw !== "string") return null;
  const text = raw.trim();
  if (!text || text.length > MAX_DATE_LENGTH) return null;

  let match = ISO.exec(text);
  if (match) {
    return toDate({
      year: Number(match[1]),
      month: Number(match[3]),
      day: Number(match[4]),
      ...timeParts(match, 5),
      zone: text.slice(match[0].length),
    });
  }
  match = DAY_FIRST.exec(text);
  if (match) {
    const month = monthNumber(match[2]);
    if (month === null) return null;
    return toDate({
      year: fullYear(match[3]),
      month,
      day: Number(match[1]),
      ...timeParts(match, 4),
      zone: text.slice(match[0].length),
    });
  }
  match = MONTH_FIRST.exec(text);
  if (match) {
    const month = monthNumber(match[1]);
    if (month === null) return null;
    return toDate({
      year: Number(match[3]),
      month,
      day: Number(match[2]),
      ...timeParts(match, 4),
      zone: text.slice(match[0].length),
    });
  }
  return null;
}

/** The first of several date texts that reads as a date (e.g. Atom's <published>, then <updated>). */
export function firstFeedDate(candidates: readonly unknown[]): Date | null {
  for (const candidate of candidates) {
    const date = parseFeedDate(candidate);
    if (date) return date;
  }
  return null;
}
