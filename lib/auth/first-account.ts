import { sessionStore } from "@/lib/auth/session-store";

// Once any account exists it stays that way for this process: the check then costs nothing. Until then
// the answer is kept for a moment, since every request asks (a first admin counts within a second).
let accountsExist = false;
let checkedAt = -Infinity;
const RECHECK_MS = 1_000;

/** Whether the dashboard is still waiting for its first account (everything public is open meanwhile). */
export async function awaitingFirstAccount(now = performance.now()): Promise<boolean> {
  if (accountsExist) return false;
  if (now - checkedAt < RECHECK_MS) return true;
  accountsExist = await sessionStore().anyUserExists();
  checkedAt = now;
  return !accountsExist;
}

/** Called when this process creates a user: from then on the access rules apply here at once. */
export function markAccountExists(): void {
  accountsExist = true;
}
