import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrlFor, TEST_DATABASE_URL, withServer } from "./postgresql-test-database";

/** PostgreSQL: a copy of the run's migrated template (lib/test/global-setup.ts), made in a few milliseconds. */
async function postgresqlDatabaseForThisFile(serverUrl: string): Promise<string> {
  const template = process.env.BRIEFS_TEST_TEMPLATE;
  if (!template) throw new Error("TEST_DATABASE_URL is set but the global setup made no template database");
  const name = `${template.replace(/template$/, "")}${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return databaseUrlFor(serverUrl, name);
}

/**
 * Each test file gets its own real SQLite file with the committed migrations applied, before any
 * module reads DATABASE_URL. Each is recorded as `prisma migrate deploy` records it, so the command-line
 * scripts, which apply pending migrations themselves, find none pending.
 */
function sqliteDatabaseForThisFile(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "briefs-test-"));
  const file = path.join(directory, "test.db");
  const migrations = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");

  const database = new Database(file);
  database.exec(`CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`);
  const record = database.prepare(
    `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count") VALUES (?, ?, ?, ?, 1)`,
  );
  for (const name of fs
    .readdirSync(migrations)
    .filter((entry) => /^\d+_/.test(entry))
    .sort()) {
    const sql = fs.readFileSync(path.join(migrations, name, "migration.sql"), "utf8");
    database.exec(sql);
    record.run(randomUUID(), createHash("sha256").update(sql).digest("hex"), new Date().toISOString(), name);
  }
  database.close();
  return `file:${file}`;
}

process.env.DATABASE_URL = TEST_DATABASE_URL
  ? await postgresqlDatabaseForThisFile(TEST_DATABASE_URL)
  : sqliteDatabaseForThisFile();
