import { describe, expect, it } from "vitest";
import { clientKey, createRateLimiter } from "@/lib/auth/rate-limit";

describe("createRateLimiter", () => {
  it("allows the limit per window per client, then says when to retry", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000 });
    expect(limiter.take("a", 0)).toEqual({ allowed: true });
    expect(limiter.take("a", 1_000)).toEqual({ allowed: true });
    expect(limiter.take("a", 15_000)).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.take("b", 15_000)).toEqual({ allowed: true });
    expect(limiter.take("a", 60_000)).toEqual({ allowed: true });
  });

  it("keeps a bounded number of clients", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 0);
    expect(limiter.take("a", 1)).toEqual({ allowed: true });
  });
});

describe("clientKey", () => {
  it("takes the first forwarded address", () => {
    expect(clientKey(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientKey(new Headers())).toBe("unknown");
  });
});
