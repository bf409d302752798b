import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Each test file gets its own real SQLite file with the committed migrations applied, before any
 * module reads DATABASE_URL.
 */
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "briefs-test-"));
const file = path.join(directory, "test.db");
const migrations = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");

const database = new Database(file);
for (const name of fs.readdirSync(migrations).filter((entry) => /^\d+_/.test(entry)).sort()) {
  database.exec(fs.readFileSync(path.join(migrations, name, "migration.sql"), "utf8"));
}
database.close();

process.env.DATABASE_URL = `file:${file}`;
