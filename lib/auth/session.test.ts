import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sessionRefusal, verifiedToken } from "@/lib/auth/session";
import type { SessionRecord } from "@/lib/auth/session-store";

const secret = "s".repeat(40);
const sign = (token: string, key = secret) =>
  encodeURIComponent(`${token}.${createHmac("sha256", key).update(token).digest("base64")}`);

describe("verifiedToken", () => {
  it("returns the token of a cookie signed with the secret", () => {
    expect(verifiedToken(sign("abc123"), secret)).toBe("abc123");
  });

  it("refuses a cookie signed with another secret, unsigned or malformed", () => {
    expect(verifiedToken(sign("abc123", "x".repeat(40)), secret)).toBeNull();
    expect(verifiedToken("abc123", secret)).toBeNull();
    expect(verifiedToken("%E0%A4%A", secret)).toBeNull();
    expect(verifiedToken(undefined, secret)).toBeNull();
  });
});

describe("sessionRefusal", () => {
  const hour = 3_600_000;
  const policy = { idleMs: 12 * hour, maxAgeMs: 7 * 24 * hour };
  const now = Date.parse("2026-12-08T12:00:00Z");
  const record: SessionRecord = {
    sessionId: "s",
    userId: "u",
    createdAt: now - 2 * hour,
    lastSeenAt: now - hour,
    expiresAt: now + 24 * hour,
    role: "viewer",
    disabled: false,
    name: "A",
    email: "a@example.org",
  };

  it("lets a live session in", () => expect(sessionRefusal(record, now, policy)).toBeNull());
  it("ends a session idle for the idle limit", () =>
    expect(sessionRefusal({ ...record, lastSeenAt: now - 12 * hour }, now, policy)).toBe("idle"));
  it("ends a session older than the absolute limit, however active", () =>
    expect(sessionRefusal({ ...record, createdAt: now - 7 * 24 * hour, lastSeenAt: now }, now, policy)).toBe(
      "too-old",
    ));
  it("ends a disabled user's session", () =>
    expect(sessionRefusal({ ...record, disabled: true }, now, policy)).toBe("disabled"));
  it("ends an expired session", () =>
    expect(sessionRefusal({ ...record, expiresAt: now }, now, policy)).toBe("expired"));
});
