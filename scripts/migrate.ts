// Applies committed migrations when some are pending. Prisma's migrate deploy takes an exclusive
// lock on the SQLite file, so calling it while the dashboard runs would fail even with nothing to
// do: check first, and only then run it (printing its output only if it fails).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseFilePath } from "../lib/env";

const root = path.resolve(import.meta.dirname, "..");
const file = databaseFilePath();
const migrationsDir = path.join(root, "prisma", "migrations");
const committed = fs.readdirSync(migrationsDir).filter((name) => fs.statSync(path.join(migrationsDir, name)).isDirectory());

function appliedMigrations(): Set<string> {
  if (!fs.existsSync(file)) return new Set();
  const database = new Database(file, { readonly: true, timeout: 10_000 });
  try {
    const table = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return new Set();
    const rows = database.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all();
    return new Set((rows as { migration_name: string }[]).map((row) => row.migration_name));
  } finally {
    database.close();
  }
}

const applied = appliedMigrations();
const pending = committed.filter((name) => !applied.has(name));
if (pending.length === 0) process.exit(0);

console.error(`Applying ${pending.length} database migration(s) to ${file}: ${pending.join(", ")}`);
const result = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: root, encoding: "utf8" });
if (result.status !== 0) {
  process.stderr.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  if (result.error) process.stderr.write(`${result.error.message}\n`);
  console.error("Migrations failed. If the dashboard is running on this database, stop it and try again.");
  process.exit(result.status ?? 1);
}
