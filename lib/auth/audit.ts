import "server-only";
import { authDb } from "@/lib/db";
import { readEnv } from "@/lib/env";

export type AuditOutcome = "success" | "failure" | "denied";

export type AuditEntry = {
  /** What happened: "sign-in", "sign-out", "setup", "user.created", "role.changed", "token.created"… */
  action: string;
  outcome: AuditOutcome;
  actorId?: string | null;
  actorEmail?: string | null;
  targetId?: string | null;
  address?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
};

let writeLine = (line: string) => console.log(line);

/** Command-line tools print their own results on standard output: their audit lines go to standard error. */
export function writeAuditLinesToStderr(): void {
  writeLine = (line) => process.stderr.write(`${line}\n`);
}

/**
 * Records an event in the append-only audit table and writes it as one JSON line on standard output,
 * where a SIEM's log shipper picks it up. A failed write is logged and does not fail the action it
 * records: sign-in must not stop because the audit table is busy.
 */
export async function audit(entry: AuditEntry, at: Date = new Date()): Promise<void> {
  const row = {
    at,
    action: entry.action,
    outcome: entry.outcome,
    actorId: entry.actorId ?? null,
    actorEmail: entry.actorEmail ?? null,
    targetId: entry.targetId ?? null,
    address: entry.address ?? null,
    userAgent: entry.userAgent?.slice(0, 512) ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
  writeLine(JSON.stringify({ event: "audit", ...row, at: at.toISOString(), detail: entry.detail }));
  try {
    await authDb.auditEvent.create({ data: row });
  } catch (error) {
    console.error(
      JSON.stringify({
        event: "audit.write-failed",
        action: entry.action,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}

/** Drops audit rows older than AUDIT_RETENTION_DAYS; returns how many. */
export async function pruneAudit(now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - readEnv().AUDIT_RETENTION_DAYS * 86_400_000);
  const { count } = await authDb.auditEvent.deleteMany({ where: { at: { lt: cutoff } } });
  return count;
}
