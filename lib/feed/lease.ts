import "server-only";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** Long enough for the largest feed the size cap allows; a crashed holder's lease lapses after it. */
const LEASE_MS = 10 * 60_000;

/** Identifies this process: host and pid let a later run on the same host see that a holder died. */
export const LEASE_HOLDER = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Whether a holder id names a process on this host that no longer exists: its leases and claims can be taken at once. */
export function holderIsDeadProcess(holder: string): boolean {
  const [host, pid] = holder.split(":");
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? "")) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
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
    await db.ingestLease.deleteMany({ where: { feedUrl, holder: current.holder } });
  }
  try {
    await db.ingestLease.create({ data: { feedUrl, holder: LEASE_HOLDER, expiresAt: new Date(now.getTime() + LEASE_MS) } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}

export async function releaseLease(feedUrl: string): Promise<void> {
  await db.ingestLease.deleteMany({ where: { feedUrl, holder: LEASE_HOLDER } });
}

/**
 * Takes the lease, waiting while another run holds it: two syncs of a rule library started at once
 * run one after the other (the second usually finds the archive unchanged). False after `timeoutMs`.
 */
export async function acquireLeaseWaiting(key: string, options: { timeoutMs: number; pollMs?: number; onWait?: () => void }): Promise<boolean> {
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
