import { sessionStore } from "@/lib/auth/session-store";

// Once any account exists it stays that way for this process: the check then costs nothing. Until then
// the answer is kept for a moment, since every request asks (a first admin counts within a second).
// One state per process, on globalThis: Next loads this module in several bundles (route handlers,
// pages, the proxy, the shared-page handler), and a first admin made by one must hold in all at once.
const globalForFirstAccount = globalThis as unknown as {
  briefsFirstAccount?: { accountsExist: boolean; checkedAt: number };
};
const state = (globalForFirstAccount.briefsFirstAccount ??= { accountsExist: false, checkedAt: -Infinity });
const RECHECK_MS = 1_000;

/** Whether the dashboard is still waiting for its first account (everything public is open meanwhile). */
export async function awaitingFirstAccount(now = performance.now()): Promise<boolean> {
  if (state.accountsExist) return false;
  if (now - state.checkedAt < RECHECK_MS) return true;
  state.accountsExist = await sessionStore().anyUserExists();
  state.checkedAt = now;
  return !state.accountsExist;
}

/** Called when this process creates a user: from then on the access rules apply here at once. */
export function markAccountExists(): void {
  state.accountsExist = true;
}
