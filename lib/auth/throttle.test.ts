import { describe, expect, it } from "vitest";
import { recordSignInFailure, signInThrottle, THROTTLE_WINDOW_MS } from "@/lib/auth/throttle";

describe("signInThrottle", () => {
  it("blocks the sixth attempt for one account within 15 minutes, from any address, until the window passes", async () => {
    const start = new Date("2026-12-08T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      expect((await signInThrottle("Ann@example.org", `198.51.100.${i}`, start)).blocked).toBe(false);
      await recordSignInFailure("ann@example.org", `198.51.100.${i}`, new Date(start.getTime() + i * 1000));
    }
    const blocked = await signInThrottle("ann@example.org", "203.0.113.1", new Date(start.getTime() + 60_000));
    expect(blocked).toMatchObject({ blocked: true, key: "email:ann@example.org" });
    expect(blocked.blocked && blocked.retryAfterSeconds).toBe(THROTTLE_WINDOW_MS / 1000 - 60);
    expect(
      (await signInThrottle("ann@example.org", "203.0.113.1", new Date(start.getTime() + THROTTLE_WINDOW_MS + 1)))
        .blocked,
    ).toBe(false);
  });

  it("blocks one address guessing across accounts", async () => {
    const start = new Date("2026-12-08T11:00:00Z");
    for (let i = 0; i < 5; i++) await recordSignInFailure(`user${i}@example.org`, "192.0.2.50", start);
    expect(await signInThrottle("someone@example.org", "192.0.2.50", start)).toMatchObject({
      blocked: true,
      key: "ip:192.0.2.50",
    });
    expect((await signInThrottle("someone@example.org", "192.0.2.51", start)).blocked).toBe(false);
  });
});
