import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { briefWhereSql } from "@/lib/briefs/list-query";
import type { Severity } from "@/lib/briefs/severity";
import { parseBriefListParams, searchParamsRecord } from "@/lib/briefs/validations";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { NotifyEvent } from "@/lib/notify/config";
import { sqliteDate } from "@/lib/sqlite-date";

/** A brief an ingest changed from a lower severity to a higher one. */
export type RaisedBrief = { id: string; from: Severity; to: Severity };

export type StoredByRun = {
  feedId: string;
  /** Briefs this run created. */
  created: readonly string[];
  raised: readonly RaisedBrief[];
  now: Date;
};

type TargetRow = { name: string; filter: string; events: string; createdAt: string };

/** At most one notification per target, brief and event; a raise counts once per severity reached. */
export function dedupeKey(target: string, briefId: string, event: NotifyEvent, severity: Severity): string {
  return event === "new" ? `${target}|${briefId}|new` : `${target}|${briefId}|severity-raised:${severity}`;
}

/**
 * Writes the outbox rows for what an ingest stored, inside the ingest's own transaction (so a run
 * that rolls back queues nothing, and one that commits cannot lose its notifications): one row per
 * registered target whose filter matches a new brief, or a raised one when the target asks for
 * raises. Matching runs the list's own WHERE builder over just these briefs, so a target sees what
 * its filter's list page would show. Nothing is queued for the first ingest of a feed (its backlog
 * would flood every target), nor for a raise of a brief first seen before the target existed.
 * Returns how many rows it wrote.
 */
export async function queueNotifications(tx: Prisma.TransactionClient, connection: Database.Database, run: StoredByRun): Promise<number> {
  if (!run.created.length && !run.raised.length) return 0;
  const targets = connection.prepare(`SELECT "name", "filter", "events", "createdAt" FROM "NotifyTarget" WHERE "removedAt" IS NULL ORDER BY "name"`).all() as TargetRow[];
  if (!targets.length) return 0;

  const feedWasIngested = connection.prepare(`SELECT 1 FROM "IngestRun" WHERE "feedId" = ? AND "status" IN ('ok', 'not-modified') LIMIT 1`).get(run.feedId);
  const created = feedWasIngested ? run.created : [];
  const raisedById = new Map(run.raised.map((brief) => [brief.id, brief]));
  const firstSeen = new Map(
    (connection.prepare(`SELECT "id", "firstSeenAt" FROM "Brief" WHERE "id" IN (SELECT "value" FROM json_each(?))`).raw().all(JSON.stringify([...raisedById.keys()])) as [string, string][]).map(
      ([id, seenAt]) => [id, new Date(seenAt).getTime()],
    ),
  );

  const insert = connection.prepare(
    `INSERT INTO "Notification" ("id", "targetName", "briefId", "event", "dedupeKey", "severity", "previousSeverity", "createdAt", "status", "attempts", "nextAttemptAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) ON CONFLICT ("dedupeKey") DO NOTHING`,
  );
  const queuedAt = sqliteDate(run.now);
  let queued = 0;
  for (const target of targets) {
    const events = JSON.parse(target.events) as NotifyEvent[];
    const since = new Date(target.createdAt).getTime();
    const candidates: [string, NotifyEvent][] = [
      ...(events.includes("new") ? created.map((id): [string, NotifyEvent] => [id, "new"]) : []),
      ...(events.includes("severity-raised")
        ? run.raised.filter((brief) => (firstSeen.get(brief.id) ?? 0) >= since).map((brief): [string, NotifyEvent] => [brief.id, "severity-raised"])
        : []),
    ];
    if (!candidates.length) continue;
    const filters = parseBriefListParams(searchParamsRecord(target.filter));
    const ids = [...new Set(candidates.map(([id]) => id))];
    const matched = await tx.$queryRaw<{ id: string; severity: Severity }[]>`SELECT b."id" AS id, b."severity" AS severity FROM "Brief" b ${briefWhereSql(filters, { briefIds: ids })}`;
    const severityOf = new Map(matched.map((row) => [row.id, row.severity]));
    for (const [briefId, event] of candidates) {
      const severity = severityOf.get(briefId);
      if (!severity) continue;
      const previous = event === "severity-raised" ? raisedById.get(briefId)!.from : null;
      queued += insert.run(randomUUID(), target.name, briefId, event, dedupeKey(target.name, briefId, event, severity), severity, previous, queuedAt, queuedAt).changes;
    }
  }
  return queued;
}
