import { describe, expect, it } from "vitest";
import { backoffDelayMs, nextAttemptAt } from "@/lib/feed/backoff";
import { parseRetryAfter } from "@/lib/http/retry-after";

describe("backoff", () => {
  it("doubles from five minutes to at most a day", () => {
    expect([0, 1, 2, 3, 9, 20].map((failures) => backoffDelayMs(failures) / 60_000)).toEqual([
      0, 5, 10, 20, 1280, 1440,
    ]);
  });

  it("reads Retry-After as seconds or as a date, ignoring nonsense", () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 10:30:00 GMT", now)).toBe(30 * 60_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("Sat, 28 Nov 2026 09:00:00 GMT", now)).toBeNull();
    expect(parseRetryAfter("99999999", now)).toBe(7 * 24 * 3_600_000);
  });

  it("waits for the later of the backoff and the host's Retry-After", () => {
    const now = new Date("2026-11-28T10:00:00Z");
    expect(nextAttemptAt(now, 1, 3_600_000).toISOString()).toBe("2026-11-28T11:00:00.000Z");
    expect(nextAttemptAt(now, 3, 60_000).toISOString()).toBe("2026-11-28T10:20:00.000Z");
  });
});
