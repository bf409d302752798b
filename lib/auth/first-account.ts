import { sessionStore } from "@/lib/auth/session-store";

// Once any account exists it stays that way for this process: the check then costs nothing.
let accountsExist = false;

/** Whether the dashboard is still waiting for its first account (everything public is open meanwhile). */
export async function awaitingFirstAccount(): Promise<boolean> {
  if (accountsExist) return false;
  accountsExist = await sessionStore().anyUserExists();
  return !accountsExist;
}
