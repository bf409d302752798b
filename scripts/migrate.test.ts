import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function migrate(file: string) {
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/migrate.ts"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${file}` },
  });
  return { code: result.status, stderr: result.stderr };
}

describe("npm run db:migrate", () => {
  it("creates a new database with every committed migration, then has nothing to do even while the database is open", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "migrate-")), "nested", "briefs.db");
    const first = migrate(file);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Applying \d+ database migration/);

    const database = new Database(file);
    try {
      expect(database.prepare("SELECT count(*) AS n FROM Brief").get()).toEqual({ n: 0 });
      // A running dashboard keeps the file open in WAL mode; a migration lock would fail here.
      database.pragma("journal_mode = WAL");
      database.prepare("SELECT 1").get();
      expect(migrate(file)).toEqual({ code: 0, stderr: "" });
    } finally {
      database.close();
    }
  });
});
