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
