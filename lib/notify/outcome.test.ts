import { describe, expect, it } from "vitest";
import { BlockedAddressError } from "@/lib/http/address-guard";
import { FeedFetchError, type PostAnswer } from "@/lib/http/fetch";
import { DEFAULT_RETRY_POLICY, outcomeOf, retryDelayMs } from "@/lib/notify/outcome";

const NOW = new Date("2026-12-06T10:00:00Z");
const answer = (status: number, extra: Partial<PostAnswer> = {}) => ({
  answer: { status, statusText: "", retryAfterMs: null, location: null, body: "", ...extra },
});
const inSeconds = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe("outcomeOf", () => {
  it("counts any 2xx as delivered", () => {
    for (const status of [200, 201, 202, 204]) expect(outcomeOf(answer(status), 1, NOW)).toEqual({ kind: "delivered" });
  });

  it("tries network errors, 408, 429 and 5xx again after a backoff that doubles up to an hour", () => {
    expect(
      outcomeOf({ error: new FeedFetchError("Could not post to hooks.example.org: socket hang up") }, 1, NOW),
    ).toEqual({
      kind: "retry",
      at: inSeconds(10),
      reason: "Could not post to hooks.example.org: socket hang up",
    });
    expect(outcomeOf(answer(408), 2, NOW)).toMatchObject({ kind: "retry", at: inSeconds(20) });
    expect(
      outcomeOf(answer(503, { statusText: "Service Unavailable", body: "  down\nfor maintenance " }), 3, NOW),
    ).toEqual({
      kind: "retry",
      at: inSeconds(40),
      reason: "HTTP 503 Service Unavailable: down for maintenance",
    });
    expect(outcomeOf(answer(500), 11, NOW)).toMatchObject({ kind: "retry", at: inSeconds(3600) });
    expect([1, 2, 3, 4, 9, 10].map((attempts) => retryDelayMs(attempts, DEFAULT_RETRY_POLICY) / 1000)).toEqual([
      10, 20, 40, 80, 2560, 3600,
    ]);
  });

  it("honours Retry-After when it asks for longer than the backoff, and not when shorter", () => {
    expect(outcomeOf(answer(429, { retryAfterMs: 90_000 }), 1, NOW)).toMatchObject({
      kind: "retry",
      at: inSeconds(90),
    });
    expect(outcomeOf(answer(429, { retryAfterMs: 1_000 }), 1, NOW)).toMatchObject({ kind: "retry", at: inSeconds(10) });
  });

  it("fails for good on other 4xx, on a redirect, and on an address the fetcher refuses", () => {
    expect(outcomeOf(answer(400, { statusText: "Bad Request", body: "invalid_payload" }), 1, NOW)).toEqual({
      kind: "failed",
      reason: "HTTP 400 Bad Request: invalid_payload",
    });
    expect(outcomeOf(answer(410), 1, NOW)).toEqual({ kind: "failed", reason: "HTTP 410" });
    expect(outcomeOf(answer(301, { statusText: "Moved Permanently" }), 1, NOW)).toMatchObject({
      kind: "failed",
      reason: expect.stringMatching(/^HTTP 301 Moved Permanently \(notifications do not follow redirects/),
    });
    expect(
      outcomeOf(
        { error: new BlockedAddressError("hooks.internal resolves to 10.0.0.5, a private or loopback address") },
        1,
        NOW,
      ),
    ).toMatchObject({ kind: "failed" });
  });

  it("gives up after the last attempt, saying why", () => {
    expect(outcomeOf(answer(502, { statusText: "Bad Gateway" }), DEFAULT_RETRY_POLICY.maxAttempts, NOW)).toEqual({
      kind: "failed",
      reason: "Gave up after 12 attempts: HTTP 502 Bad Gateway",
    });
  });
});
