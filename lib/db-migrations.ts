// Plain module (no server-only): the command-line scripts run it before anything opens the database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseFilePath, databaseProvider, databaseUrl, redactedDatabaseUrl } from "@/lib/env";
import { describeConnectionError, postgresqlPoolConfig } from "@/lib/postgresql-pool";
import { decodeStoredTitles } from "@/lib/format/title";
import { sqliteDate } from "@/lib/sqlite-date";

const root = path.resolve(import.meta.dirname, "..");
/** Each provider keeps its own migrations beside its schema (README, "Schema changes"). */
const migrationsDirs = {
  sqlite: path.join(root, "prisma", "migrations"),
  postgresql: path.join(root, "prisma", "postgresql", "migrations"),
};

export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    message: string,
    /** What `prisma migrate deploy` printed, for the person reading the failure. */
    readonly output: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function appliedMigrations(file: string): Set<string> {
  if (!fs.existsSync(file)) return new Set();
  const database = new Database(file, { readonly: true, timeout: 10_000 });
  try {
    const table = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!table) return new Set();
    const rows = database
      .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all();
    return new Set((rows as { migration_name: string }[]).map((row) => row.migration_name));
  } finally {
    database.close();
  }
}

function committedMigrations(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((name) => fs.statSync(path.join(directory, name)).isDirectory())
    .sort();
}

/** Committed migrations the database file has not applied yet, oldest first. */
export function pendingMigrations(file = databaseFilePath()): string[] {
  const applied = appliedMigrations(file);
  return committedMigrations(migrationsDirs.sqlite).filter((name) => !applied.has(name));
}

/** Connects to the PostgreSQL database, creating it first when the server has none by that name and the role may. */
async function connectCreatingDatabase(log: (line: string) => void): Promise<pg.Client> {
  const config = postgresqlPoolConfig();
  const client = new pg.Client(config);
  try {
    await client.connect();
    return client;
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw new MigrationError(describeConnectionError(error), "", 1);
  }
  const target = new URL(databaseUrl());
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(target);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ ...config, connectionString: maintenance.toString() });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    log(`Created the PostgreSQL database "${name}"`);
  } catch (error) {
    throw new MigrationError(describeConnectionError(error), "", 1);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const created = new pg.Client(config);
  await created.connect();
  return created;
}

/** Committed PostgreSQL migrations the database has not applied yet; also proves DATABASE_URL reaches it. */
async function pendingPostgresqlMigrations(log: (line: string) => void): Promise<string[]> {
  const client = await connectCreatingDatabase(log);
  try {
    const { rows } = await client
      .query<{ migration_name: string }>(
        `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
      .catch((error: Error & { code?: string }) => (error.code === "42P01" ? { rows: [] } : Promise.reject(error)));
    const applied = new Set(rows.map((row) => row.migration_name));
    return committedMigrations(migrationsDirs.postgresql).filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

function deployMigrations(): void {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `${result.error.message}\n` : ""}`;
    throw new MigrationError(
      "Migrations failed. If the dashboard is running on this database, stop it and try again.",
      output,
      result.status ?? 1,
    );
  }
}

/**
 * Applies committed migrations when some are pending. Prisma's migrate deploy takes an exclusive lock
 * on the SQLite file, so calling it while the dashboard runs would fail even with nothing to do:
 * check first (a read of one table), and only then run it. Then runs the data repairs migrations
 * queued (a read when there are none). On PostgreSQL, deploy takes an advisory lock, so servers
 * starting together apply each migration once. Reports what it applies through `log`; throws
 * MigrationError, carrying deploy's output, when it fails.
 */
export async function applyPendingMigrations(log: (line: string) => void = console.error): Promise<string[]> {
  if (databaseProvider() === "postgresql") {
    const pending = await pendingPostgresqlMigrations(log);
    if (pending.length > 0) {
      log(`Applying ${pending.length} database migration(s) to ${redactedDatabaseUrl()}: ${pending.join(", ")}`);
      deployMigrations();
    }
    return pending;
  }
  const file = databaseFilePath();
  const pending = pendingMigrations(file);
  if (pending.length > 0) {
    log(`Applying ${pending.length} database migration(s) to ${file}: ${pending.join(", ")}`);
    deployMigrations();
  }
  // The repairs correct data stored by earlier versions on SQLite; PostgreSQL support began after them.
  runPendingDataRepairs(file, log);
  return pending;
}

/** The one-off corrections a migration may queue in "DataRepair", by name. */
const DATA_REPAIRS: Record<string, { describe: string; run: (database: Database.Database) => number }> = {
  "decode-stored-titles": { describe: "titles decoded", run: decodeStoredTitles },
};

/**
 * Runs the data repairs migrations queued and no process has run yet, each in one transaction with
 * its "done" mark, so a crash leaves it to the next process. With none pending this is one read.
 */
export function runPendingDataRepairs(file: string, log: (line: string) => void): void {
  if (!fs.existsSync(file)) return;
  const database = new Database(file, { timeout: 60_000 });
  try {
    const table = database.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'DataRepair'`).get();
    if (!table) return;
    const pending = database
      .prepare(`SELECT "name" FROM "DataRepair" WHERE "doneAt" IS NULL ORDER BY "name"`)
      .pluck()
      .all() as string[];
    for (const name of pending) {
      const repair = DATA_REPAIRS[name];
      if (!repair) continue;
      const changed = database
        .transaction(() => {
          // Taken again under the write lock: another process may have run it meanwhile.
          const stillPending = database
            .prepare(`UPDATE "DataRepair" SET "doneAt" = ? WHERE "name" = ? AND "doneAt" IS NULL`)
            .run(sqliteDate(new Date()), name).changes;
          return stillPending ? repair.run(database) : 0;
        })
        .immediate();
      if (changed) log(`Data repair ${name}: ${changed} ${repair.describe}`);
    }
  } finally {
    database.close();
  }
}

/**
 * For the command lines: applies pending migrations and, when that fails, prints what Prisma said
 * and why. Returns the exit code: 0 when the database is up to date.
 */
export async function applyPendingMigrationsOrReport(): Promise<number> {
  try {
    await applyPendingMigrations();
    return 0;
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    if (error.output) process.stderr.write(error.output);
    console.error(error.message);
    return error.exitCode;
  }
}
