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

  it("runs the data repair a migration queued once: titles stored with entities are decoded, search index included", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "migrate-")), "briefs.db");
    expect(migrate(file).code).toBe(0);
    const database = new Database(file);
    try {
      // As a database from before titles were decoded holds them, with the repair its migration queued not yet run.
      database
        .prepare(
          `INSERT INTO "Brief" ("id", "identity", "slug", "severity", "updatedAt", "contentHash", "title", "summary", "summaryHtml", "attackChain", "recommendations", "bodyHtml", "bodyText")
           VALUES ('b1', 'urn:b1', 'entra-intune', 'high', '2026-01-01T00:00:00.000+00:00', 'h', 'Entra ID &amp; Intune', 's', '', '[]', '[]', '', '')`,
        )
        .run();
      database.prepare(`UPDATE "DataRepair" SET "doneAt" = NULL WHERE "name" = 'decode-stored-titles'`).run();

      expect(migrate(file)).toEqual({ code: 0, stderr: "Data repair decode-stored-titles: 1 titles decoded\n" });
      expect(database.prepare(`SELECT "title" FROM "Brief"`).pluck().get()).toBe("Entra ID & Intune");
      expect(
        database
          .prepare(
            `SELECT b."slug" FROM "Brief" b WHERE b."rowid" IN (SELECT "rowid" FROM "BriefSearch" WHERE "BriefSearch" MATCH 'intune')`,
          )
          .pluck()
          .all(),
      ).toEqual(["entra-intune"]);

      // Done once: a title stored since, entities and all, is left to normalising (it never sees one).
      database.prepare(`UPDATE "Brief" SET "title" = 'Kept &amp; as is'`).run();
      expect(migrate(file)).toEqual({ code: 0, stderr: "" });
      expect(database.prepare(`SELECT "title" FROM "Brief"`).pluck().get()).toBe("Kept &amp; as is");
    } finally {
      database.close();
    }
  });
});
