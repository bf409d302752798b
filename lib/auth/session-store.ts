import Database from "better-sqlite3";
import pg from "pg";
import { databaseFilePath, databaseProvider } from "@/lib/env";
import { postgresqlPoolConfig } from "@/lib/postgresql-pool";
import { sqliteDate } from "@/lib/sqlite-date";

/** A session with its user, as every request sees it. Times in epoch milliseconds. */
export type SessionRecord = {
  sessionId: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  role: string;
  disabled: boolean;
  name: string;
  email: string;
};

/**
 * Reads behind every request: the session of a cookie, and whether any user exists. They run before
 * the shared-page cache answers, thousands of times a second, so they go straight to the database
 * (SQLite: a prepared statement on a connection of its own, microseconds; PostgreSQL: a small pool)
 * rather than through Prisma's query compiler.
 */
export type SessionStore = {
  sessionByToken(token: string): Promise<SessionRecord | null>;
  /** Best effort: a busy database skips it, and the next request tries again. */
  touchSession(sessionId: string, at: Date): Promise<void>;
  anyUserExists(): Promise<boolean>;
};

const SESSION_SQL = `SELECT s."id" AS "sessionId", s."userId", s."createdAt", s."updatedAt", s."expiresAt",
  u."role", u."disabledAt", u."name", u."email"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token" = `;

type SqliteRow = {
  sessionId: string;
  userId: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  role: string;
  disabledAt: string | null;
  name: string;
  email: string;
};

function sqliteStore(): SessionStore {
  // Writes here never wait: better-sqlite3 blocks the event loop while it waits for a lock.
  const connection = new Database(databaseFilePath(), { fileMustExist: true, timeout: 0 });
  const session = connection.prepare<[string], SqliteRow>(`${SESSION_SQL}?`);
  const touch = connection.prepare<[string, string]>(`UPDATE "Session" SET "updatedAt" = ? WHERE "id" = ?`);
  const anyUser = connection.prepare<[], { found: number }>(`SELECT 1 AS "found" FROM "User" LIMIT 1`);
  return {
    async sessionByToken(token) {
      const row = session.get(token);
      if (!row) return null;
      return {
        sessionId: row.sessionId,
        userId: row.userId,
        createdAt: Date.parse(row.createdAt),
        lastSeenAt: Date.parse(row.updatedAt),
        expiresAt: Date.parse(row.expiresAt),
        role: row.role,
        disabled: row.disabledAt !== null,
        name: row.name,
        email: row.email,
      };
    },
    async touchSession(sessionId, at) {
      try {
        touch.run(sqliteDate(at), sessionId);
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
      }
    },
    async anyUserExists() {
      return anyUser.get() !== undefined;
    },
  };
}

function postgresqlStore(): SessionStore {
  // Connections are kept open: every request waits on this pool, and a reconnect after an idle spell costs more than the query.
  const pool = new pg.Pool({
    ...postgresqlPoolConfig(),
    max: 4,
    idleTimeoutMillis: 0,
    application_name: "threat-brief-dashboard sessions",
  });
  pool.on("error", (error) =>
    console.error(JSON.stringify({ event: "auth.session-store.error", error: error.message })),
  );
  const epoch = (column: string) => `(EXTRACT(EPOCH FROM ${column}) * 1000)::float8`;
  const sessionSql = `SELECT s."id" AS "sessionId", s."userId", ${epoch('s."createdAt"')} AS "createdAt",
    ${epoch('s."updatedAt"')} AS "updatedAt", ${epoch('s."expiresAt"')} AS "expiresAt",
    u."role", u."disabledAt" IS NOT NULL AS "disabled", u."name", u."email"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token" = $1`;
  return {
    async sessionByToken(token) {
      const { rows } = await pool.query<{
        sessionId: string;
        userId: string;
        createdAt: number;
        updatedAt: number;
        expiresAt: number;
        role: string;
        disabled: boolean;
        name: string;
        email: string;
      }>(sessionSql, [token]);
      const row = rows[0];
      if (!row) return null;
      return { ...row, lastSeenAt: row.updatedAt };
    },
    async touchSession(sessionId, at) {
      await pool.query(`UPDATE "Session" SET "updatedAt" = $1::timestamptz AT TIME ZONE 'UTC' WHERE "id" = $2`, [
        at.toISOString(),
        sessionId,
      ]);
    },
    async anyUserExists() {
      const { rows } = await pool.query(`SELECT 1 FROM "User" LIMIT 1`);
      return rows.length > 0;
    },
  };
}

// One per process: Next loads this module in several bundles, and the page server once more.
const globalForStore = globalThis as unknown as { briefsSessionStore?: SessionStore };

export function sessionStore(): SessionStore {
  return (globalForStore.briefsSessionStore ??= databaseProvider() === "sqlite" ? sqliteStore() : postgresqlStore());
}
