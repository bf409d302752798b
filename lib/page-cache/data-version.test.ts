import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFilePath, databaseProvider } from "@/lib/env";
import {
  currentContentVersion,
  currentDataVersion,
  LISTENER_APPLICATION_NAME,
  stopDataVersionListener,
} from "@/lib/page-cache/data-version";
import { postgresqlPoolConfig } from "@/lib/postgresql-pool";

const provider = databaseProvider();

/** A connection of its own, as an ingest in this process, the CLI or another server has. */
type Writer = { run(sql: string): Promise<void>; close(): Promise<void> };

async function openWriter(): Promise<Writer> {
  if (provider === "sqlite") {
    const connection = new Database(databaseFilePath());
    return { run: async (sql) => void connection.exec(sql), close: async () => void connection.close() };
  }
  const client = new pg.Client(postgresqlPoolConfig());
  await client.connect();
  return { run: async (sql) => void (await client.query(sql)), close: () => client.end() };
}

const insertFeed = () =>
  `INSERT INTO "Feed" ("id", "url") VALUES ('${randomUUID()}', 'https://feeds.example.org/${randomUUID()}.xml')`;

/** The version once it can be known: on PostgreSQL the first call only starts listening. */
async function knownVersion(): Promise<string> {
  await expect.poll(currentDataVersion, { timeout: 10_000, interval: 20 }).not.toBeNull();
  return currentDataVersion()!;
}

/**
 * A second listener on the data channel that also hears a barrier sent on a channel of its own.
 * PostgreSQL delivers notifications in commit order, so once the barrier arrives every data
 * notification sent before it has arrived too: counting them shows what the triggers sent.
 */
async function listenBeside() {
  const client = new pg.Client(postgresqlPoolConfig());
  await client.connect();
  const barrierChannel = `barrier_${randomUUID().replaceAll("-", "")}`;
  let dataNotifications = 0;
  let barrierReached: (() => void) | null = null;
  client.on("notification", (message) => {
    if (message.channel === "briefs_data_changed") dataNotifications += 1;
    if (message.channel === barrierChannel) barrierReached?.();
  });
  await client.query(`LISTEN briefs_data_changed; LISTEN ${barrierChannel}`);
  return {
    /** Data notifications heard since the last call, up to a barrier sent now. */
    async untilBarrier(): Promise<number> {
      const reached = new Promise<void>((resolve) => (barrierReached = resolve));
      await writer.run(`NOTIFY ${barrierChannel}`);
      await reached;
      const count = dataNotifications;
      dataNotifications = 0;
      return count;
    },
    close: () => client.end(),
  };
}

let writer: Writer;

beforeAll(async () => {
  writer = await openWriter();
});

afterAll(async () => {
  await writer.close();
  await stopDataVersionListener();
});

describe("currentDataVersion", () => {
  it("changes within a second of a commit on another connection", async () => {
    const before = await knownVersion();
    await writer.run(insertFeed());
    await expect.poll(currentDataVersion, { timeout: 1000, interval: 10 }).not.toBe(before);
    expect(currentDataVersion()).not.toBeNull();
  });

  it("tells the team's writes apart: they move the data version, not the content version cached reads key on", async () => {
    const before = await knownVersion();
    const contentBefore = currentContentVersion();
    const briefId = randomUUID();
    // A brief is content: both move.
    await writer.run(
      `INSERT INTO "Brief" ("id", "identity", "slug", "severity", "contentHash", "title", "summary", "summaryHtml", "attackChain", "recommendations", "bodyHtml", "bodyText", "updatedAt")
       VALUES ('${briefId}', '${briefId}', '${briefId}', 'high', 'x', 'T', '', '', '[]', '[]', '', '', CURRENT_TIMESTAMP)`,
    );
    await expect.poll(currentContentVersion, { timeout: 1000, interval: 10 }).not.toBe(contentBefore);
    await expect.poll(currentDataVersion, { timeout: 1000, interval: 10 }).not.toBe(before);

    // A decision on it and its history line are the team's: pages must show them, counts need not recount.
    const afterBrief = currentDataVersion();
    const contentAfterBrief = currentContentVersion();
    // One transaction: PostgreSQL sends it one notification, so none is still on its way after the poll.
    await writer.run(
      `BEGIN; INSERT INTO "BriefTriage" ("briefId", "state", "version") VALUES ('${briefId}', 'hunting', 1);
       INSERT INTO "TriageEvent" ("id", "briefId", "actorEmail", "kind") VALUES ('${randomUUID()}', '${briefId}', 'a@example.org', 'state'); COMMIT`,
    );
    await expect.poll(currentDataVersion, { timeout: 1000, interval: 10 }).not.toBe(afterBrief);
    expect(currentContentVersion()).toBe(contentAfterBrief);
  });

  it.skipIf(provider !== "sqlite")(
    "stays as it was after a rolled-back transaction or a write that changed no row (SQLite)",
    async () => {
      const before = await knownVersion();
      await writer.run(`BEGIN; ${insertFeed()}; ROLLBACK`);
      await writer.run(`UPDATE "Feed" SET "title" = 'renamed' WHERE "url" = 'https://nowhere.example.org/feed.xml'`);
      // SQLite's data_version is read from the file at once: nothing is on its way.
      expect(currentDataVersion()).toBe(before);
    },
  );

  it("stays as it was when only auth tables change (sessions, audit, throttle, tokens)", async () => {
    const userId = randomUUID();
    const before = await knownVersion();
    const heard = provider === "postgresql" ? await listenBeside() : null;
    try {
      await writer.run(
        `INSERT INTO "User" ("id", "name", "email", "updatedAt") VALUES ('${userId}', 'A', '${userId}@example.org', CURRENT_TIMESTAMP)`,
      );
      await writer.run(
        `INSERT INTO "Session" ("id", "token", "userId", "expiresAt", "updatedAt") VALUES ('${randomUUID()}', '${randomUUID()}', '${userId}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      );
      await writer.run(`UPDATE "Session" SET "expiresAt" = CURRENT_TIMESTAMP WHERE "userId" = '${userId}'`);
      await writer.run(
        `INSERT INTO "AuditEvent" ("id", "action", "outcome") VALUES ('${randomUUID()}', 'sign-in', 'success')`,
      );
      await writer.run(`INSERT INTO "SignInFailure" ("id", "key") VALUES ('${randomUUID()}', 'ip:127.0.0.1')`);
      await writer.run(
        `INSERT INTO "ApiToken" ("id", "userId", "name", "tokenHash", "scopes") VALUES ('${randomUUID()}', '${userId}', 't', '${randomUUID()}', 'read')`,
      );
      await writer.run(`UPDATE "ApiToken" SET "lastUsedAt" = CURRENT_TIMESTAMP WHERE "userId" = '${userId}'`);
      if (heard) expect(await heard.untilBarrier()).toBe(0);
      expect(currentDataVersion()).toBe(before);
    } finally {
      await heard?.close();
    }
  });

  it.skipIf(provider !== "postgresql")(
    "stays as it was after a rolled-back transaction or a write that changed no row (PostgreSQL)",
    async () => {
      const before = await knownVersion();
      const heard = await listenBeside();
      try {
        await writer.run(`BEGIN; ${insertFeed()}; ROLLBACK`);
        await writer.run(`UPDATE "Feed" SET "title" = 'renamed' WHERE "url" = 'https://nowhere.example.org/feed.xml'`);
        expect(await heard.untilBarrier()).toBe(0);
        expect(currentDataVersion()).toBe(before);

        // One notification per committed transaction, however many rows and tables it wrote.
        await writer.run(`BEGIN; ${insertFeed()}; ${insertFeed()}; UPDATE "Feed" SET "title" = 'renamed'; COMMIT`);
        expect(await heard.untilBarrier()).toBe(1);
        await expect.poll(currentDataVersion, { timeout: 1000, interval: 10 }).not.toBe(before);
      } finally {
        await heard.close();
      }
    },
  );

  it.skipIf(provider !== "postgresql")(
    "is null before it listens and while its connection is down, and never repeats a version from before the gap (PostgreSQL)",
    async () => {
      await stopDataVersionListener();
      expect(currentDataVersion()).toBeNull();
      const seen = new Set([await knownVersion()]);
      await writer.run(insertFeed());
      await expect.poll(currentDataVersion, { timeout: 1000, interval: 10 }).not.toBe([...seen][0]);
      seen.add(currentDataVersion()!);

      // The server drops the listener's connection, as a restart or a failover would.
      await writer.run(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${LISTENER_APPLICATION_NAME}' AND datname = current_database()`,
      );
      await expect.poll(currentDataVersion, { timeout: 5000, interval: 10 }).toBeNull();
      // Committed while nobody listens: unheard, so the pages kept before must not be served after.
      await writer.run(insertFeed());
      const reconnected = await knownVersion();
      expect(seen.has(reconnected)).toBe(false);

      await writer.run(insertFeed());
      await expect.poll(currentDataVersion, { timeout: 1000, interval: 10 }).not.toBe(reconnected);
    },
  );
});

describe("which tables count as data", () => {
  const AUTH_TABLES = [
    "Account",
    "ApiToken",
    "AuditEvent",
    "Session",
    "SetupToken",
    "SignInFailure",
    "User",
    "Verification",
  ];

  it("every table but the sign-in ones moves the data version when its rows change", async () => {
    const reader = await openWriter();
    try {
      const tables =
        provider === "sqlite"
          ? new Database(databaseFilePath(), { readonly: true })
              .prepare<[], { name: string; triggers: number }>(
                `SELECT t.name, (SELECT count(*) FROM sqlite_master g WHERE g.type = 'trigger' AND g.tbl_name = t.name AND g.name LIKE '%_data_changed_%') AS triggers
                 FROM sqlite_master t WHERE t.type = 'table' AND t.name NOT LIKE '\\_%' ESCAPE '\\' AND t.name NOT LIKE 'sqlite_%' AND t.name NOT LIKE 'BriefSearch%' AND t.name NOT IN ('DataVersion', 'TeamDataVersion')`,
              )
              .all()
          : await (async () => {
              const client = new pg.Client(postgresqlPoolConfig());
              await client.connect();
              try {
                return (
                  await client.query<{ name: string; triggers: number }>(
                    `SELECT c.relname AS name, (SELECT count(*)::int FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal AND g.tgname LIKE '%\\_rows\\_%') AS triggers
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT LIKE '\\_%' AND c.relname <> 'BriefSearch'`,
                  )
                ).rows;
              } finally {
                await client.end();
              }
            })();
      const watched = tables.filter((table) => table.triggers > 0).map((table) => table.name);
      const unwatched = tables.filter((table) => table.triggers === 0).map((table) => table.name);
      expect(unwatched.sort()).toEqual(AUTH_TABLES);
      expect(watched).toContain("Brief");
    } finally {
      await reader.close();
    }
  });
});
