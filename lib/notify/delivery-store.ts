import "server-only";
import Database from "better-sqlite3";
import { ATTACK_TACTICS } from "@/lib/attack/tactics";
import { isSeverity, type Severity } from "@/lib/briefs/severity";
import { byProvider, db } from "@/lib/db";
import { databaseFilePath } from "@/lib/env";
import { holderIsDeadProcess } from "@/lib/leases/lease";
import type { NotifyTargetConfig } from "@/lib/notify/config";
import type { NotificationEvent, NotifiedBrief } from "@/lib/notify/messages";
import type { DeliveryOutcome } from "@/lib/notify/outcome";
import { sqliteDate } from "@/lib/sqlite-date";

/** An outbox row a worker has claimed. */
export type ClaimedNotification = {
  id: string;
  targetName: string;
  briefId: string;
  event: NotificationEvent;
  severity: Severity;
  previousSeverity: Severity | null;
  /** The change's facts as JSON text, for the change events. */
  detail: string | null;
  /** Attempts made before this one. */
  attempts: number;
};

const BUSY_RETRY_MS = 100;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TACTIC_ORDER = new Map<string, number>(ATTACK_TACTICS.map((tactic, index) => [tactic.slug, index]));

/** The delivery side of the outbox: what a notification worker reads and writes. */
export interface DeliveryStore {
  close(): Promise<void>;
  /**
   * Makes the table of targets match the configuration: new ones start now (nothing seen before is
   * ever sent to them), changed ones take their new filter and events, missing ones are retired.
   */
  registerTargets(targets: readonly NotifyTargetConfig[], now?: Date): Promise<void>;
  /**
   * Frees rows claimed by a process on this host that no longer exists (killed mid-delivery), without
   * waiting for the claim to expire. Returns how many.
   */
  releaseClaimsOfDeadHolders(now?: Date): Promise<number>;
  /**
   * Claims up to `limit` due rows of these targets, oldest first, for `claimMs`. One statement takes
   * them, so two workers (in any processes, on any server) never hold the same row.
   */
  claimDue(
    targetNames: readonly string[],
    holder: string,
    options: { now?: Date; claimMs: number; limit: number },
  ): Promise<ClaimedNotification[]>;
  /** The brief as a notification tells of it now, or null when it is gone. */
  readBrief(id: string): Promise<NotifiedBrief | null>;
  /**
   * Records an attempt's outcome on the row (only while this holder still claims it) and on its
   * target's status, at once. Returns false when the holder no longer claimed the row.
   */
  record(
    notification: ClaimedNotification,
    holder: string,
    outcome: DeliveryOutcome,
    options: { now?: Date; patienceMs: number },
  ): Promise<boolean>;
}

type TagRow = { name: string; kind: string; label: string };

function tacticLabels(tags: readonly TagRow[]): string[] {
  return tags
    .filter((tag) => tag.kind === "tactic")
    .sort((a, b) => (TACTIC_ORDER.get(a.name) ?? 99) - (TACTIC_ORDER.get(b.name) ?? 99))
    .map((tag) => tag.label);
}

/** RETURNING gives rows in no promised order: oldest first, as claimed. */
function inClaimOrder(rows: (ClaimedNotification & { createdAt: string | Date })[]): ClaimedNotification[] {
  const time = (value: string | Date) => new Date(value).getTime();
  return rows
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id.localeCompare(b.id))
    .map(({ createdAt: _createdAt, ...row }) => row);
}

/**
 * SQLite: the delivery side of the outbox on a connection of its own. Prisma's client has one
 * connection, and a statement sent outside an interactive transaction while one is open (an ingest
 * storing briefs in this process) runs inside it and rolls back with it: a "delivered" mark lost
 * that way would send the notification again. This connection never waits for SQLite's write lock
 * (better-sqlite3 would wait synchronously, stalling the very ingest that holds it): a write finding
 * the database locked is tried again a moment later.
 */
class SqliteDeliveryStore implements DeliveryStore {
  private readonly connection: Database.Database;

  constructor(file = databaseFilePath()) {
    this.connection = new Database(file, { timeout: 0, fileMustExist: true });
  }

  async close(): Promise<void> {
    this.connection.close();
  }

  /** Runs a write, retrying while another connection holds the write lock; gives up (throwing) after `patienceMs`. */
  private async write<T>(run: () => T, patienceMs: number): Promise<T> {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      try {
        return run();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await sleep(BUSY_RETRY_MS * (0.5 + Math.random()));
      }
    }
  }

  async registerTargets(targets: readonly NotifyTargetConfig[], now = new Date()): Promise<void> {
    const at = sqliteDate(now);
    const upsert = this.connection.prepare(
      `INSERT INTO "NotifyTarget" ("name", "kind", "filter", "events", "createdAt") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("name") DO UPDATE SET "kind" = excluded."kind", "filter" = excluded."filter", "events" = excluded."events",
         "createdAt" = CASE WHEN "removedAt" IS NULL THEN "createdAt" ELSE excluded."createdAt" END, "removedAt" = NULL`,
    );
    const retire = this.connection.prepare(
      `UPDATE "NotifyTarget" SET "removedAt" = ? WHERE "removedAt" IS NULL AND "name" NOT IN (SELECT "value" FROM json_each(?))`,
    );
    const register = this.connection.transaction(() => {
      for (const target of targets)
        upsert.run(target.name, target.kind, target.filter, JSON.stringify(target.events), at);
      retire.run(at, JSON.stringify(targets.map((target) => target.name)));
    });
    await this.write(() => register.immediate(), 60_000);
  }

  /** A busy database leaves them to the next pass. */
  async releaseClaimsOfDeadHolders(now = new Date()): Promise<number> {
    const holders = this.connection
      .prepare(
        `SELECT DISTINCT "claimedBy" FROM "Notification" WHERE "status" = 'pending' AND "claimedBy" IS NOT NULL AND "claimedUntil" > ?`,
      )
      .pluck()
      .all(sqliteDate(now)) as string[];
    const dead = holders.filter(holderIsDeadProcess);
    if (!dead.length) return 0;
    const release = this.connection.prepare(
      `UPDATE "Notification" SET "claimedBy" = NULL, "claimedUntil" = NULL WHERE "status" = 'pending' AND "claimedBy" IN (SELECT "value" FROM json_each(?))`,
    );
    try {
      return release.run(JSON.stringify(dead)).changes;
    } catch (error) {
      if (isBusy(error)) return 0;
      throw error;
    }
  }

  /** None when the database is busy with a write: the next poll tries again. */
  async claimDue(
    targetNames: readonly string[],
    holder: string,
    options: { now?: Date; claimMs: number; limit: number },
  ): Promise<ClaimedNotification[]> {
    const now = options.now ?? new Date();
    try {
      const rows = this.connection
        .prepare(
          `UPDATE "Notification" SET "claimedBy" = ?, "claimedUntil" = ?
           WHERE "id" IN (
             SELECT "id" FROM "Notification"
             WHERE "status" = 'pending' AND "nextAttemptAt" <= ? AND ("claimedBy" IS NULL OR "claimedUntil" <= ?)
               AND "targetName" IN (SELECT "value" FROM json_each(?))
             ORDER BY "createdAt", "id" LIMIT ?)
           RETURNING "id", "targetName", "briefId", "event", "severity", "previousSeverity", "detail", "attempts", "createdAt"`,
        )
        .all(
          holder,
          sqliteDate(new Date(now.getTime() + options.claimMs)),
          sqliteDate(now),
          sqliteDate(now),
          JSON.stringify(targetNames),
          options.limit,
        ) as (ClaimedNotification & {
        createdAt: string;
      })[];
      return inClaimOrder(rows);
    } catch (error) {
      if (isBusy(error)) return [];
      throw error;
    }
  }

  async readBrief(id: string): Promise<NotifiedBrief | null> {
    const row = this.connection
      .prepare(
        `SELECT "id", "slug", "title", "summary", "severity", "type", "publishedAt", "firstSeenAt", "updatedAt", "link" FROM "Brief" WHERE "id" = ?`,
      )
      .get(id) as
      | {
          id: string;
          slug: string;
          title: string;
          summary: string;
          severity: string;
          type: string | null;
          publishedAt: string | null;
          firstSeenAt: string;
          updatedAt: string;
          link: string | null;
        }
      | undefined;
    if (!row) return null;
    const tags = this.connection
      .prepare(
        `SELECT t."name" AS name, t."kind" AS kind, t."label" AS label FROM "BriefTag" bt JOIN "Tag" t ON t."id" = bt."tagId" WHERE bt."briefId" = ? ORDER BY t."name"`,
      )
      .all(id) as TagRow[];
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      severity: isSeverity(row.severity) ? row.severity : "unknown",
      type: row.type,
      publishedAt: row.publishedAt ? new Date(row.publishedAt) : null,
      firstSeenAt: new Date(row.firstSeenAt),
      updatedAt: new Date(row.updatedAt),
      link: row.link,
      tactics: tacticLabels(tags),
      tags: tags.map((tag) => tag.name),
    };
  }

  /** In one transaction; waits out a busy database for up to `patienceMs`: the row stays claimed meanwhile, so nobody sends it again. */
  async record(
    notification: ClaimedNotification,
    holder: string,
    outcome: DeliveryOutcome,
    options: { now?: Date; patienceMs: number },
  ): Promise<boolean> {
    const at = sqliteDate(options.now ?? new Date());
    const attempts = notification.attempts + 1;
    const updateRow =
      outcome.kind === "delivered"
        ? this.connection.prepare(
            `UPDATE "Notification" SET "status" = 'delivered', "attempts" = ?, "lastAttemptAt" = ?, "deliveredAt" = ?, "claimedBy" = NULL, "claimedUntil" = NULL WHERE "id" = ? AND "claimedBy" = ?`,
          )
        : outcome.kind === "retry"
          ? this.connection.prepare(
              `UPDATE "Notification" SET "attempts" = ?, "lastAttemptAt" = ?, "lastError" = ?, "nextAttemptAt" = ?, "claimedBy" = NULL, "claimedUntil" = NULL WHERE "id" = ? AND "claimedBy" = ?`,
            )
          : this.connection.prepare(
              `UPDATE "Notification" SET "status" = 'failed', "attempts" = ?, "lastAttemptAt" = ?, "lastError" = ?, "claimedBy" = NULL, "claimedUntil" = NULL WHERE "id" = ? AND "claimedBy" = ?`,
            );
    const updateTarget =
      outcome.kind === "delivered"
        ? this.connection.prepare(`UPDATE "NotifyTarget" SET "lastSuccessAt" = ? WHERE "name" = ?`)
        : this.connection.prepare(
            `UPDATE "NotifyTarget" SET "lastFailureAt" = ?, "lastFailureReason" = ? WHERE "name" = ?`,
          );
    const transaction = this.connection.transaction((): boolean => {
      const rowArgs =
        outcome.kind === "delivered"
          ? [attempts, at, at]
          : outcome.kind === "retry"
            ? [attempts, at, outcome.reason, sqliteDate(outcome.at)]
            : [attempts, at, outcome.reason];
      if (updateRow.run(...rowArgs, notification.id, holder).changes === 0) return false;
      if (outcome.kind === "delivered") updateTarget.run(at, notification.targetName);
      else updateTarget.run(at, outcome.reason, notification.targetName);
      return true;
    });
    return this.write(() => transaction.immediate(), options.patienceMs);
  }
}

/**
 * PostgreSQL: the Prisma client's pool, whose connections are not the ingest's transaction, so a
 * delivery is recorded whatever an ingest in this process is doing. Claims skip rows another worker
 * is claiming at that moment (FOR UPDATE SKIP LOCKED) rather than wait for them.
 */
class PostgresqlDeliveryStore implements DeliveryStore {
  async close(): Promise<void> {}

  async registerTargets(targets: readonly NotifyTargetConfig[], now = new Date()): Promise<void> {
    await db.$transaction([
      db.$executeRawUnsafe(
        `INSERT INTO "NotifyTarget" ("name", "kind", "filter", "events", "createdAt")
         SELECT v."name", v."kind", v."filter", v."events"::jsonb, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v("name", "kind", "filter", "events")
         ON CONFLICT ("name") DO UPDATE SET "kind" = excluded."kind", "filter" = excluded."filter", "events" = excluded."events",
           "createdAt" = CASE WHEN "NotifyTarget"."removedAt" IS NULL THEN "NotifyTarget"."createdAt" ELSE excluded."createdAt" END, "removedAt" = NULL`,
        targets.map((target) => target.name),
        targets.map((target) => target.kind),
        targets.map((target) => target.filter),
        targets.map((target) => JSON.stringify(target.events)),
        now,
      ),
      db.$executeRawUnsafe(
        `UPDATE "NotifyTarget" SET "removedAt" = $1 WHERE "removedAt" IS NULL AND NOT ("name" = ANY($2::text[]))`,
        now,
        targets.map((target) => target.name),
      ),
    ]);
  }

  async releaseClaimsOfDeadHolders(now = new Date()): Promise<number> {
    const rows = await db.$queryRawUnsafe<{ holder: string }[]>(
      `SELECT DISTINCT "claimedBy" AS "holder" FROM "Notification" WHERE "status" = 'pending' AND "claimedBy" IS NOT NULL AND "claimedUntil" > $1`,
      now,
    );
    const dead = rows.map((row) => row.holder).filter(holderIsDeadProcess);
    if (!dead.length) return 0;
    return db.$executeRawUnsafe(
      `UPDATE "Notification" SET "claimedBy" = NULL, "claimedUntil" = NULL WHERE "status" = 'pending' AND "claimedBy" = ANY($1::text[])`,
      dead,
    );
  }

  async claimDue(
    targetNames: readonly string[],
    holder: string,
    options: { now?: Date; claimMs: number; limit: number },
  ): Promise<ClaimedNotification[]> {
    const now = options.now ?? new Date();
    const rows = await db.$queryRawUnsafe<(ClaimedNotification & { createdAt: Date })[]>(
      // The picked rows are materialized once: as an IN subquery the planner may run the locking
      // select again, and each run picks (and claims) another LIMIT of rows.
      `WITH "picked" AS MATERIALIZED (
         SELECT "id" FROM "Notification"
         WHERE "status" = 'pending' AND "nextAttemptAt" <= $3 AND ("claimedBy" IS NULL OR "claimedUntil" <= $3)
           AND "targetName" = ANY($4::text[])
         ORDER BY "createdAt", "id" LIMIT $5
         FOR UPDATE SKIP LOCKED)
       UPDATE "Notification" AS n SET "claimedBy" = $1, "claimedUntil" = $2
       FROM "picked" WHERE n."id" = "picked"."id"
       RETURNING n."id", n."targetName", n."briefId", n."event", n."severity", n."previousSeverity", n."detail", n."attempts", n."createdAt"`,
      holder,
      new Date(now.getTime() + options.claimMs),
      now,
      targetNames,
      options.limit,
    );
    return inClaimOrder(rows);
  }

  async readBrief(id: string): Promise<NotifiedBrief | null> {
    const brief = await db.brief.findUnique({
      where: { id },
      select: {
        id: true,
        slug: true,
        title: true,
        summary: true,
        severity: true,
        type: true,
        publishedAt: true,
        firstSeenAt: true,
        updatedAt: true,
        link: true,
        tags: { select: { tag: { select: { name: true, kind: true, label: true } } } },
      },
    });
    if (!brief) return null;
    const tags = brief.tags.map((row) => row.tag).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const { tags: _tags, ...columns } = brief;
    return {
      ...columns,
      severity: isSeverity(brief.severity) ? brief.severity : "unknown",
      tactics: tacticLabels(tags),
      tags: tags.map((tag) => tag.name),
    };
  }

  async record(
    notification: ClaimedNotification,
    holder: string,
    outcome: DeliveryOutcome,
    options: { now?: Date; patienceMs: number },
  ): Promise<boolean> {
    const at = options.now ?? new Date();
    const attempts = notification.attempts + 1;
    // One statement: the target's status changes only when the row was still this holder's.
    const rowUpdate =
      outcome.kind === "delivered"
        ? {
            set: `"status" = 'delivered', "attempts" = $3, "lastAttemptAt" = $4, "deliveredAt" = $4`,
            values: [attempts, at],
          }
        : outcome.kind === "retry"
          ? {
              set: `"attempts" = $3, "lastAttemptAt" = $4, "lastError" = $5, "nextAttemptAt" = $6`,
              values: [attempts, at, outcome.reason, outcome.at],
            }
          : {
              set: `"status" = 'failed', "attempts" = $3, "lastAttemptAt" = $4, "lastError" = $5`,
              values: [attempts, at, outcome.reason],
            };
    const targetUpdate =
      outcome.kind === "delivered" ? `"lastSuccessAt" = $4` : `"lastFailureAt" = $4, "lastFailureReason" = $5`;
    const [{ recorded }] = await db.$queryRawUnsafe<{ recorded: number }[]>(
      `WITH "recorded" AS (
         UPDATE "Notification" SET ${rowUpdate.set}, "claimedBy" = NULL, "claimedUntil" = NULL WHERE "id" = $1 AND "claimedBy" = $2 RETURNING "targetName"),
       "target" AS (
         UPDATE "NotifyTarget" SET ${targetUpdate} WHERE "name" IN (SELECT "targetName" FROM "recorded"))
       SELECT count(*)::int AS "recorded" FROM "recorded"`,
      notification.id,
      holder,
      ...rowUpdate.values,
    );
    return recorded > 0;
  }
}

/** The delivery store of this database; close it when done. */
export function openDeliveryStore(): DeliveryStore {
  return byProvider<() => DeliveryStore>({
    sqlite: () => new SqliteDeliveryStore(),
    postgresql: () => new PostgresqlDeliveryStore(),
  })();
}
