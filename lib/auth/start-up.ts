import "server-only";
import { pruneAudit } from "@/lib/auth/audit";
import { prepareFirstAdmin } from "@/lib/auth/setup";
import { pruneSignInFailures } from "@/lib/auth/throttle";
import { authDb } from "@/lib/db";

const PRUNE_INTERVAL_MS = 60 * 60_000;

/** Removes what sign-in no longer needs: aged audit rows, old failures, ended sessions, spent OIDC states. */
async function prune(): Promise<void> {
  const now = new Date();
  const audited = await pruneAudit(now);
  await pruneSignInFailures(now);
  await authDb.session.deleteMany({ where: { expiresAt: { lte: now } } });
  await authDb.verification.deleteMany({ where: { expiresAt: { lte: now } } });
  if (audited) console.log(JSON.stringify({ event: "audit.pruned", rows: audited }));
}

/** Once per server start, before the scheduler: the first admin (or the setup link), then hourly pruning. */
export async function startSignIn(): Promise<void> {
  await prepareFirstAdmin();
  const run = () =>
    prune().catch((error: unknown) =>
      console.error(
        JSON.stringify({ event: "auth.prune-failed", error: error instanceof Error ? error.message : String(error) }),
      ),
    );
  await run();
  setInterval(() => void run(), PRUNE_INTERVAL_MS).unref();
}
