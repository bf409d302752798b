import "server-only";
import { authDb } from "@/lib/db";

/** Five wrong passwords per account or per address within 15 minutes; the sixth attempt waits. */
export const THROTTLE_LIMIT = 5;
export const THROTTLE_WINDOW_MS = 15 * 60_000;

const keysFor = (email: string, address: string) => [`email:${email.trim().toLowerCase()}`, `ip:${address}`];

export type ThrottleState = { blocked: false } | { blocked: true; retryAfterSeconds: number; key: string };

/**
 * Whether sign-in for this email from this address must wait, from the failures recorded in the
 * database (so every instance sees the same count). It waits until enough failures age out of the
 * window to leave fewer than the limit.
 */
export async function signInThrottle(email: string, address: string, now: Date = new Date()): Promise<ThrottleState> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  for (const key of keysFor(email, address)) {
    const failures = await authDb.signInFailure.findMany({
      where: { key, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: THROTTLE_LIMIT,
      select: { createdAt: true },
    });
    if (failures.length >= THROTTLE_LIMIT) {
      const oldest = failures[THROTTLE_LIMIT - 1].createdAt.getTime();
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
      return { blocked: true, retryAfterSeconds, key };
    }
  }
  return { blocked: false };
}

export async function recordSignInFailure(email: string, address: string, now: Date = new Date()): Promise<void> {
  await authDb.signInFailure.createMany({ data: keysFor(email, address).map((key) => ({ key, createdAt: now })) });
}

export async function pruneSignInFailures(now: Date = new Date()): Promise<void> {
  await authDb.signInFailure.deleteMany({
    where: { createdAt: { lte: new Date(now.getTime() - THROTTLE_WINDOW_MS) } },
  });
}
