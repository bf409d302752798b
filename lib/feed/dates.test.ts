import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseFeedDate } from "@/lib/feed/dates";

describe("parseFeedDate", () => {
  it("reads RFC 822 and RFC 3339 dates", () => {
    expect(parseFeedDate("Wed, 22 Apr 2026 18:43:05 +0000")?.toISOString()).toBe("2026-04-22T18:43:05.000Z");
    expect(parseFeedDate("2024-01-30T08:00:00+02:00")?.toISOString()).toBe("2024-01-30T06:00:00.000Z");
  });

  it("treats a date without a time zone as UTC", () => {
    expect(parseFeedDate("2024-01-30T08:00:00")?.toISOString()).toBe("2024-01-30T08:00:00.000Z");
    expect(parseFeedDate("Tue, 30 Jan 2024 08:00:00")?.toISOString()).toBe("2024-01-30T08:00:00.000Z");
  });

  it("gives null for missing, unreadable or impossible dates instead of rolling them over", () => {
    expect(parseFeedDate(undefined)).toBeNull();
    expect(parseFeedDate("  ")).toBeNull();
    expect(parseFeedDate("last Tuesday")).toBeNull();
    expect(parseFeedDate("2024-02-31T00:00:00Z")).toBeNull();
    expect(parseFeedDate("Sat, 31 Feb 2024 10:00:00 GMT")).toBeNull();
  });
});

describe("parseFeedDate: hostile and sloppy dates", () => {
  it.each([
    ["Feb 31 2024", "month first, 31 February"],
    ["February 31, 2024 10:00", "full month name, 31 February"],
    ["2023-02-29T00:00:00Z", "29 February in a common year"],
    ["Tue, 30 Jan 2024 25:00:00 GMT", "hour 25"],
    ["Tue, 30 Jan 2024 08:61:00 GMT", "minute 61"],
    ["Tue, 30 Jan 2024 08:00:00 +2400", "offset of 24 hours"],
    ["01-30-2024", "numeric day and month of unknown order"],
    ["12", "a bare number"],
    ["1706601600", "a Unix timestamp"],
    ["Tue, 30 Jan 2024 08:00:00 CEST", "a zone abbreviation RFC 822 does not define"],
    ["Tue, 30 Jan 2024 08:00:00 constructor", "a zone named like an Object property"],
    ["Mon, 01 Jan 0001 00:00:00 +0000", "Go's zero time"],
    ["Invalid Date", "what String(new Date(NaN)) prints"],
    ["2024-01-30T08:00:00Z".repeat(10), "a date repeated past any real length"],
  ])("gives null for %j (%s)", (text) => {
    expect(parseFeedDate(text)).toBeNull();
  });

  it.each([
    ["2024-01-30", "2024-01-30T00:00:00.000Z"],
    ["2024-01-30 08:00", "2024-01-30T08:00:00.000Z"],
    ["2024/01/30 08:00", "2024-01-30T08:00:00.000Z"],
    ["2024-01-30T08:00:00.123456+05:30", "2024-01-30T02:30:00.123Z"],
    ["2024-01-30T08:00:00 UTC", "2024-01-30T08:00:00.000Z"],
    ["2024-01-30t08:00:00z", "2024-01-30T08:00:00.000Z"],
    ["Tue, 30 Jan 24 08:00:00 GMT", "2024-01-30T08:00:00.000Z"],
    ["Tuesday, 30-Jan-24 08:00:00 GMT", "2024-01-30T08:00:00.000Z"],
    ["Tue, 30 Jan 2024 8:00:00 EST", "2024-01-30T13:00:00.000Z"],
    ["30 Jan 2024 08:00:00 -0800 (PST)", "2024-01-30T16:00:00.000Z"],
    ["30 January 2024", "2024-01-30T00:00:00.000Z"],
    ["January 30, 2024", "2024-01-30T00:00:00.000Z"],
    ["Tue Jan 30 2024 09:00:00 GMT+0100 (Central European Standard Time)", "2024-01-30T08:00:00.000Z"],
  ])("reads %j as %s", (text, iso) => {
    expect(parseFeedDate(text)?.toISOString()).toBe(iso);
  });

  it("gives null, not a crash, when markup stands where the date belongs", () => {
    expect(parseFeedDate({ b: ["x"] })).toBeNull();
    expect(parseFeedDate(42)).toBeNull();
  });
});

describe("dates are the same under any server time zone", () => {
  const execFileAsync = promisify(execFile);
  const script = path.join(import.meta.dirname, "fixtures", "print-dates.ts");
  const feeds = ["rss-zoneless-dates.xml", "atom-threat-feed.xml"].map((name) =>
    path.join(import.meta.dirname, "fixtures", name),
  );
  const texts = [
    "2024-01-30T08:00:00",
    "Tue, 30 Jan 2024 08:00:00",
    "2024-01-30",
    "30 January 2024",
    "01-30-2024",
    "Feb 31 2024",
  ];

  type Printed = {
    tz: string;
    localReading: string;
    direct: Array<[string, string | null]>;
    feeds: Record<string, Array<[string, string | null]>>;
  };

  async function readIn(tz: string): Promise<Printed> {
    const { stdout } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", script, JSON.stringify(texts), ...feeds],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, TZ: tz },
      },
    );
    return JSON.parse(stdout) as Printed;
  }

  it("reads zone-less dates as UTC in Auckland, Los Angeles and UTC alike, through parseFeed and normaliseItems", async () => {
    const [auckland, losAngeles, utc] = await Promise.all([
      readIn("Pacific/Auckland"),
      readIn("America/Los_Angeles"),
      readIn("UTC"),
    ]);
    // The child processes really ran in different zones: V8 reads a zone-less date in local time.
    expect(auckland.localReading).toBe("2024-01-29T19:00:00.000Z");
    expect(losAngeles.localReading).toBe("2024-01-30T16:00:00.000Z");

    expect(auckland.direct).toEqual(utc.direct);
    expect(losAngeles.direct).toEqual(utc.direct);
    expect(auckland.feeds).toEqual(utc.feeds);
    expect(losAngeles.feeds).toEqual(utc.feeds);

    expect(Object.fromEntries(utc.direct)).toEqual({
      "2024-01-30T08:00:00": "2024-01-30T08:00:00.000Z",
      "Tue, 30 Jan 2024 08:00:00": "2024-01-30T08:00:00.000Z",
      "2024-01-30": "2024-01-30T00:00:00.000Z",
      "30 January 2024": "2024-01-30T00:00:00.000Z",
      "01-30-2024": null,
      "Feb 31 2024": null,
    });
    expect(Object.fromEntries(utc.feeds[feeds[0]])).toEqual({
      "urn:rfc822-no-zone": "2024-01-30T08:00:00.000Z",
      "urn:iso-no-zone": "2024-01-30T08:00:00.000Z",
      "urn:dc-date-only": "2024-01-30T08:00:00.000Z",
      "urn:ambiguous": null,
      // rss-parser's own isoDate for this item is 2 March (new Date rolls it over); it is not used.
      "urn:31-feb": null,
      "urn:offset": "2024-01-30T16:00:00.000Z",
    });
    expect(utc.feeds[feeds[1]]).toContainEqual([
      "urn:uuid:00000000-0000-4000-8000-000000000004",
      "2024-01-30T08:00:00.000Z",
    ]);
  });
});
