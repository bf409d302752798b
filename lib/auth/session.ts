import { createHmac, timingSafeEqual } from "node:crypto";
import { cookieValue, sessionCookieName } from "@/lib/auth/cookies";
import { isRole, type Role } from "@/lib/auth/roles";
import { authSecret } from "@/lib/auth/secret";
import { sessionStore, type SessionRecord } from "@/lib/auth/session-store";
import { authSettings } from "@/lib/auth/settings";

/** Who is asking: a signed-in user and the session they use. */
export type Viewer = { userId: string; sessionId: string; role: Role; name: string; email: string };

/** Moving "last seen" costs a write: once every few minutes is precise enough for a 12-hour idle limit. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

/**
 * The session token of a signed cookie value ("<token>.<base64 HMAC-SHA256>", URL-encoded, as
 * better-auth writes it), or null when the signature does not match the secret.
 */
export function verifiedToken(cookie: string | undefined, secret: string): string | null {
  if (!cookie) return null;
  let value: string;
  try {
    value = decodeURIComponent(cookie);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

export type SessionPolicy = { idleMs: number; maxAgeMs: number };

export function sessionPolicy(): SessionPolicy {
  const { idleMs, maxAgeMs } = authSettings();
  return { idleMs, maxAgeMs };
}

/** Why a stored session no longer lets its holder in, or null when it does. */
export function sessionRefusal(
  record: SessionRecord,
  now: number,
  policy: SessionPolicy,
): "disabled" | "expired" | "idle" | "too-old" | "unknown-role" | null {
  if (record.disabled) return "disabled";
  if (record.expiresAt <= now) return "expired";
  if (now - record.createdAt >= policy.maxAgeMs) return "too-old";
  if (now - record.lastSeenAt >= policy.idleMs) return "idle";
  if (!isRole(record.role)) return "unknown-role";
  return null;
}

/**
 * The signed-in user behind a Cookie header, checked against the database on every call: a session
 * ended elsewhere (sign-out on another instance, a disabled user, a role change) stops at once.
 */
export async function viewerFromCookies(
  cookieHeader: string | null | undefined,
  now = Date.now(),
): Promise<Viewer | null> {
  const token = verifiedToken(cookieValue(cookieHeader, sessionCookieName()), authSecret());
  if (!token) return null;
  const store = sessionStore();
  const record = await store.sessionByToken(token);
  if (!record || sessionRefusal(record, now, sessionPolicy()) !== null) return null;
  if (now - record.lastSeenAt >= TOUCH_INTERVAL_MS) await store.touchSession(record.sessionId, new Date(now));
  return {
    userId: record.userId,
    sessionId: record.sessionId,
    role: record.role as Role,
    name: record.name,
    email: record.email,
  };
}
