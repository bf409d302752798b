import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

const migrations = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");
const TECHNIQUE_ROWS = "20261206100000_detection_techniques";

describe("the detection_techniques migration", () => {
  it("gives rules stored before it their technique rows", () => {
    const database = new Database(":memory:");
    try {
      const names = fs
        .readdirSync(migrations)
        .filter((name) => /^\d+_/.test(name))
        .sort();
      const sql = (name: string) => fs.readFileSync(path.join(migrations, name, "migration.sql"), "utf8");
      for (const name of names.filter((candidate) => candidate < TECHNIQUE_ROWS)) database.exec(sql(name));
      const insert = database.prepare(
        `INSERT INTO "Detection" ("id", "title", "normalizedTitle", "ruleFormat", "techniques", "tactics", "falsePositives", "references", "triage", "source", "contentHash", "updatedAt", "ruleText")
         VALUES (?, ?, ?, 'sigma', ?, '[]', '[]', '[]', '[]', 'bundled', 'hash', CURRENT_TIMESTAMP, '')`,
      );
      insert.run("rule-a", "A", "a", JSON.stringify(["T1110", "t1110.003"]));
      insert.run("rule-b", "B", "b", "[]");
      database.exec(sql(TECHNIQUE_ROWS));
      expect(
        database.prepare(`SELECT "detectionId", "techniqueId" FROM "DetectionTechnique" ORDER BY 1, 2`).all(),
      ).toEqual([
        { detectionId: "rule-a", techniqueId: "T1110" },
        { detectionId: "rule-a", techniqueId: "T1110.003" },
      ]);
    } finally {
      database.close();
    }
  });
});
