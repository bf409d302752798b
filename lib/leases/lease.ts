import "server-only";
import fs from "node:fs";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { byProvider, db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { errorMessage } from "@/lib/log/error-message";
import { logEvent } from "@/lib/log/log-event";

/**
 * How long a lease lasts unless its holder renews it, which it does every quarter of that while its
 * run goes on: a holder that stopped (killed, its server gone) lets it lapse that soon, and a run on
 * another server takes over. PostgreSQL: two minutes. SQLite: ten, as long as the longest write
 * transaction (lib/feed/store.ts), since a holder's renewals inside its own transaction are seen by
 * no other process until it commits; every process on a SQLite file shares its host, where a holder
 * that no longer exists is seen at once (holderIsDeadProcess).
 */
export const LEASE_MS = byProvider({ sqlite: 10 * 60_000, postgresql: 2 * 60_000 });

/** Identifies this process: host and pid let a later run on the same host see that a holder died. */
export const LEASE_HOLDER = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Whether a holder id names a process on this host that no longer exists: its leases and claims can be taken at once. */
export function holderIsDeadProcess(holder: string): boolean {
  const [host, pid] = holder.split(":");
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? "")) return false;
  try {
    process.kill(Number(pid), 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  return isZombie(Number(pid));
}

/**
 * A killed process stays in the process table until its parent reaps it, which a container's
 * init may do late; it still answers signal 0, but it holds nothing. Linux says so in /proc.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name, which is in parentheses and may itself hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/**
 * Takes the feed's lease, or returns false when another run (in this or any process) holds it.
 * The primary key on feedUrl makes taking it atomic across processes.
 */
export async function acquireLease(feedUrl: string, now = new Date()): Promise<boolean> {
  const current = await db.ingestLease.findUnique({ where: { feedUrl } });
  if (current) {
    // A live holder keeps the lease: answer from this read. Trying the insert anyway would first
    // wait for SQLite's write lock, which that very holder may keep for its whole store
    // transaction — longer than the busy timeout for a large feed, so "busy" became an error.
    if (current.expiresAt > now && !holderIsDeadProcess(current.holder)) return false;
    // Only the lease as read: one its holder renewed meanwhile stays, and the insert below fails.
    await db.ingestLease.deleteMany({ where: { feedUrl, holder: current.holder, expiresAt: current.expiresAt } });
  }
  try {
    await db.ingestLease.create({
      data: { feedUrl, holder: LEASE_HOLDER, expiresAt: new Date(now.getTime() + LEASE_MS) },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
  keepRenewing(feedUrl);
  return true;
}

export async function releaseLease(feedUrl: string): Promise<void> {
  await stopRenewing(feedUrl);
  await db.ingestLease.deleteMany({ where: { feedUrl, holder: LEASE_HOLDER } });
}

/** The leases this process holds, each with its renewal timer and the renewal under way. */
const renewals = new Map<string, { timer: NodeJS.Timeout; pending: Promise<void> }>();

/** Renews the lease once: false when it is no longer this process's (it lapsed and another run took it). */
export async function renewLease(feedUrl: string, now = new Date()): Promise<boolean> {
  const renewed = await db.ingestLease.updateMany({
    where: { feedUrl, holder: LEASE_HOLDER },
    data: { expiresAt: new Date(now.getTime() + LEASE_MS) },
  });
  return renewed.count > 0;
}

function keepRenewing(feedUrl: string): void {
  clearInterval(renewals.get(feedUrl)?.timer);
  const renewal = {
    pending: Promise.resolve(),
    timer: setInterval(() => {
      renewal.pending = renewal.pending.then(() =>
        renewLease(feedUrl).then(
          (held) => {
            if (!held) logEvent("lease.lost", { key: feedUrl, holder: LEASE_HOLDER }, "error");
          },
          (error: unknown) => logEvent("lease.renew-failed", { key: feedUrl, error: errorMessage(error) }, "error"),
        ),
      );
    }, LEASE_MS / 4),
  };
  // A lease never keeps a finished command line alive.
  renewal.timer.unref();
  renewals.set(feedUrl, renewal);
}

async function stopRenewing(feedUrl: string): Promise<void> {
  const renewal = renewals.get(feedUrl);
  if (!renewal) return;
  renewals.delete(feedUrl);
  clearInterval(renewal.timer);
  await renewal.pending;
}

/**
 * Takes the lease, waiting while another run holds it: two syncs of a rule library started at once
 * run one after the other (the second usually finds the archive unchanged). False after `timeoutMs`.
 */
export async function acquireLeaseWaiting(
  key: string,
  options: { timeoutMs: number; pollMs?: number; onWait?: () => void },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let waited = false;
  while (!(await acquireLease(key))) {
    if (Date.now() >= deadline) return false;
    if (!waited) options.onWait?.();
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
  return true;
}
