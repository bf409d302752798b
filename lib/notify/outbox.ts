import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { briefWhereSql } from "@/lib/briefs/list-query";
import type { Severity } from "@/lib/briefs/severity";
import { byProvider, connectionFor } from "@/lib/db";
import { parseBriefListParams, searchParamsRecord } from "@/lib/briefs/validations";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StoredChanges } from "@/lib/feed/store";
import type { ChangeEvent, NotifyEvent } from "@/lib/notify/config";
import type { ChangeDetail } from "@/lib/notify/messages";
import { sqliteDate } from "@/lib/sqlite-date";

type TargetRow = { name: string; filter: string; events: string; createdAt: string | Date };

/** At most one notification per target, brief and event; a raise counts once per severity reached. */
export function dedupeKey(target: string, briefId: string, event: NotifyEvent, severity: Severity): string {
  return event === "new" ? `${target}|${briefId}|new` : `${target}|${briefId}|severity-raised:${severity}`;
}

type QueuedRow = {
  id: string;
  targetName: string;
  briefId: string;
  event: NotifyEvent;
  dedupeKey: string;
  severity: Severity;
  previousSeverity: Severity | null;
  /** The change's facts as JSON (change events only). */
  detail: string | null;
  queuedAt: string;
};

/** The outbox's statements inside the ingest's transaction, one side per database. */
interface OutboxSql {
  /** The registered targets, by name; `events` as JSON text, `createdAt` as the driver gives it. */
  targets(): Promise<TargetRow[]>;
  feedWasIngested(feedId: string): Promise<boolean>;
  firstSeen(briefIds: readonly string[]): Promise<[string, Date][]>;
  /** Inserts the rows, skipping those whose dedupe key is taken; returns how many were written. */
  insert(rows: readonly QueuedRow[]): Promise<number>;
}

class SqliteOutboxSql implements OutboxSql {
  constructor(private readonly connection: Database.Database) {}

  async targets(): Promise<TargetRow[]> {
    return this.connection
      .prepare(
        `SELECT "name", "filter", "events", "createdAt" FROM "NotifyTarget" WHERE "removedAt" IS NULL ORDER BY "name"`,
      )
      .all() as TargetRow[];
  }

  async feedWasIngested(feedId: string): Promise<boolean> {
    return (
      this.connection
        .prepare(`SELECT 1 FROM "IngestRun" WHERE "feedId" = ? AND "status" IN ('ok', 'not-modified') LIMIT 1`)
        .get(feedId) !== undefined
    );
  }

  async firstSeen(briefIds: readonly string[]): Promise<[string, Date][]> {
    const rows = this.connection
      .prepare(`SELECT "id", "firstSeenAt" FROM "Brief" WHERE "id" IN (SELECT "value" FROM json_each(?))`)
      .raw()
      .all(JSON.stringify(briefIds)) as [string, string][];
    return rows.map(([id, seenAt]) => [id, new Date(seenAt)]);
  }

  async insert(rows: readonly QueuedRow[]): Promise<number> {
    const insert = this.connection.prepare(
      `INSERT INTO "Notification" ("id", "targetName", "briefId", "event", "dedupeKey", "severity", "previousSeverity", "detail", "createdAt", "status", "attempts", "nextAttemptAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) ON CONFLICT ("dedupeKey") DO NOTHING`,
    );
    let written = 0;
    for (const row of rows)
      written += insert.run(
        row.id,
        row.targetName,
        row.briefId,
        row.event,
        row.dedupeKey,
        row.severity,
        row.previousSeverity,
        row.detail,
        row.queuedAt,
        row.queuedAt,
      ).changes;
    return written;
  }
}

class PostgresqlOutboxSql implements OutboxSql {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async targets(): Promise<TargetRow[]> {
    return this.tx.$queryRawUnsafe<TargetRow[]>(
      `SELECT "name", "filter", "events"::text AS "events", "createdAt" FROM "NotifyTarget" WHERE "removedAt" IS NULL ORDER BY "name"`,
    );
  }

  async feedWasIngested(feedId: string): Promise<boolean> {
    const rows = await this.tx.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM "IngestRun" WHERE "feedId" = $1 AND "status" IN ('ok', 'not-modified') LIMIT 1`,
      feedId,
    );
    return rows.length > 0;
  }

  async firstSeen(briefIds: readonly string[]): Promise<[string, Date][]> {
    const rows = await this.tx.$queryRawUnsafe<{ id: string; firstSeenAt: Date }[]>(
      `SELECT "id", "firstSeenAt" FROM "Brief" WHERE "id" = ANY($1::text[])`,
      briefIds,
    );
    return rows.map((row) => [row.id, row.firstSeenAt]);
  }

  async insert(rows: readonly QueuedRow[]): Promise<number> {
    if (!rows.length) return 0;
    const column = <K extends keyof QueuedRow>(key: K) => rows.map((row) => row[key]);
    return this.tx.$executeRawUnsafe(
      `INSERT INTO "Notification" ("id", "targetName", "briefId", "event", "dedupeKey", "severity", "previousSeverity", "detail", "createdAt", "status", "attempts", "nextAttemptAt")
       SELECT v."id", v."targetName", v."briefId", v."event", v."dedupeKey", v."severity", v."previousSeverity", v."detail", v."queuedAt"::timestamp(3), 'pending', 0, v."queuedAt"::timestamp(3)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS v("id", "targetName", "briefId", "event", "dedupeKey", "severity", "previousSeverity", "detail", "queuedAt")
       ON CONFLICT ("dedupeKey") DO NOTHING`,
      column("id"),
      column("targetName"),
      column("briefId"),
      column("event"),
      column("dedupeKey"),
      column("severity"),
      column("previousSeverity"),
      column("detail"),
      column("queuedAt"),
    );
  }
}

const outboxSqlFor = byProvider<(tx: Prisma.TransactionClient) => Promise<OutboxSql>>({
  sqlite: async (tx) => new SqliteOutboxSql(await connectionFor(tx)),
  postgresql: async (tx) => new PostgresqlOutboxSql(tx),
});

/**
 * Writes the outbox rows for what an ingest stored, inside the ingest's own transaction (so a run
 * that rolls back queues nothing, and one that commits cannot lose its notifications): one row per
 * registered target whose filter matches a new brief, or a raised one when the target asks for
 * raises. Matching runs the list's own WHERE builder over just these briefs, so a target sees what
 * its filter's list page would show. Nothing is queued for the first ingest of a feed (its backlog
 * would flood every target), nor for a raise of a brief first seen before the target existed.
 * Returns how many rows it wrote.
 */
export async function queueNotifications(tx: Prisma.TransactionClient, run: StoredChanges): Promise<number> {
  if (!run.created.length && !run.raised.length) return 0;
  const sql = await outboxSqlFor(tx);
  const targets = await sql.targets();
  if (!targets.length) return 0;

  const created = (await sql.feedWasIngested(run.feedId)) ? run.created : [];
  const raisedById = new Map(run.raised.map((brief) => [brief.id, brief]));
  const firstSeen = new Map(
    (await sql.firstSeen([...raisedById.keys()])).map(([id, seenAt]) => [id, seenAt.getTime()]),
  );

  const queuedAt = sqliteDate(run.now);
  const rows: QueuedRow[] = [];
  for (const target of targets) {
    const events = JSON.parse(target.events) as NotifyEvent[];
    const since = new Date(target.createdAt).getTime();
    const candidates: [string, NotifyEvent][] = [
      ...(events.includes("new") ? created.map((id): [string, NotifyEvent] => [id, "new"]) : []),
      ...(events.includes("severity-raised")
        ? run.raised
            .filter((brief) => (firstSeen.get(brief.id) ?? 0) >= since)
            .map((brief): [string, NotifyEvent] => [brief.id, "severity-raised"])
        : []),
    ];
    if (!candidates.length) continue;
    const filters = parseBriefListParams(searchParamsRecord(target.filter));
    const ids = [...new Set(candidates.map(([id]) => id))];
    const matched = await tx.$queryRaw<
      { id: string; severity: Severity }[]
    >`SELECT b."id" AS id, b."severity" AS severity FROM "Brief" b ${briefWhereSql(filters, { briefIds: ids })}`;
    const severityOf = new Map(matched.map((row) => [row.id, row.severity]));
    for (const [briefId, event] of candidates) {
      const severity = severityOf.get(briefId);
      if (!severity) continue;
      const previousSeverity = event === "severity-raised" ? raisedById.get(briefId)!.from : null;
      rows.push({
        id: randomUUID(),
        targetName: target.name,
        briefId,
        event,
        dedupeKey: dedupeKey(target.name, briefId, event, severity),
        severity,
        previousSeverity,
        detail: null,
        queuedAt,
      });
    }
  }
  return sql.insert(rows);
}

/** One change to notify of: a brief's owner or state changed, or a deployed rule of it changed its query. */
export type QueuedChange = {
  briefId: string;
  event: ChangeEvent;
  /** Names this one change (a history line's id, say): a change is queued once, and never merged with another. */
  changeId: string;
  /** The change's facts, sent as they were when it happened. */
  detail: ChangeDetail;
};

/**
 * Writes the outbox rows for changes, inside the transaction that makes them (so a change that
 * rolls back notifies nobody, one that commits cannot be lost): one row per change and registered
 * target that asks for its event and whose filter matches the brief. Unlike new and raised briefs,
 * a change is news whenever the brief was first seen, and each change is its own row: the dedupe key
 * names the change, so a retried write cannot queue it twice but a second change queues again.
 * Returns how many rows it wrote.
 */
export async function queueChangeNotifications(
  tx: Prisma.TransactionClient,
  changes: readonly QueuedChange[],
  now: Date,
): Promise<number> {
  if (!changes.length) return 0;
  const sql = await outboxSqlFor(tx);
  const targets = await sql.targets();
  if (!targets.length) return 0;
  const queuedAt = sqliteDate(now);
  const rows: QueuedRow[] = [];
  for (const target of targets) {
    const events = JSON.parse(target.events) as NotifyEvent[];
    const wanted = changes.filter((change) => events.includes(change.event));
    if (!wanted.length) continue;
    const filters = parseBriefListParams(searchParamsRecord(target.filter));
    const ids = [...new Set(wanted.map((change) => change.briefId))];
    const matched = await tx.$queryRaw<
      { id: string; severity: Severity }[]
    >`SELECT b."id" AS id, b."severity" AS severity FROM "Brief" b ${briefWhereSql(filters, { briefIds: ids })}`;
    const severityOf = new Map(matched.map((row) => [row.id, row.severity]));
    for (const change of wanted) {
      const severity = severityOf.get(change.briefId);
      if (!severity) continue;
      rows.push({
        id: randomUUID(),
        targetName: target.name,
        briefId: change.briefId,
        event: change.event,
        dedupeKey: `${target.name}|${change.briefId}|${change.event}:${change.changeId}`,
        severity,
        previousSeverity: null,
        detail: JSON.stringify(change.detail),
        queuedAt,
      });
    }
  }
  return sql.insert(rows);
}
