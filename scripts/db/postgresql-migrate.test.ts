import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { databaseUrlFor, dropRunDatabases, TEST_DATABASE_URL, withServer } from "@/lib/test/postgresql-test-database";

const root = path.resolve(import.meta.dirname, "..", "..");

function migrate(databaseUrl: string) {
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/migrate.ts"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return { code: result.status, stderr: result.stderr };
}

describe("DATABASE_URL", () => {
  it("takes a SQLite file or a PostgreSQL server and refuses anything else, naming the variable", () => {
    expect(readEnv({ DATABASE_URL: "postgresql://briefs:secret@db.internal:5432/briefs" }).DATABASE_URL).toBe(
      "postgresql://briefs:secret@db.internal:5432/briefs",
    );
    expect(readEnv({}).DATABASE_URL).toBe("file:./data/briefs.db");
    expect(() => readEnv({ DATABASE_URL: "mysql://db/briefs" })).toThrow(
      /DATABASE_URL: must be a SQLite file: URL \(file:.*\) or a PostgreSQL URL/,
    );
    expect(() => readEnv({ DATABASE_URL: "postgresql://db/briefs", DATABASE_POOL_SIZE: "0" })).toThrow(
      /DATABASE_POOL_SIZE/,
    );
  });
});

// These start PostgreSQL databases of their own on the test server, so they run in the PostgreSQL half of the suite.
describe.skipIf(provider !== "postgresql")("npm run db:migrate on PostgreSQL", () => {
  it("says which variable to fix when the server cannot be reached, without printing the password", () => {
    const result = migrate("postgresql://briefs:hunter2@127.0.0.1:1/briefs");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "DATABASE_URL: cannot use the PostgreSQL database at postgresql://briefs:***@127.0.0.1:1/briefs: connect ECONNREFUSED",
    );
    expect(result.stderr).not.toContain("hunter2");
  });

  it("creates a database the server does not have yet, applies every migration once, then has nothing to do", async () => {
    const name = `briefs_test_${process.pid}_created_by_migrate`;
    const url = databaseUrlFor(TEST_DATABASE_URL!, name);
    try {
      const first = migrate(url);
      expect(first.code).toBe(0);
      expect(first.stderr).toContain(`Created the PostgreSQL database "${name}"`);
      expect(first.stderr).toMatch(
        /Applying \d+ database migration\(s\) to postgresql:\/\/postgres@127\.0\.0\.1:\d+\/briefs_test_/,
      );
      const second = migrate(url);
      expect([second.code, second.stderr]).toEqual([0, ""]);
      const tables = await withServer(
        url,
        async (client) => (await client.query(`SELECT count(*)::int AS n FROM "Brief"`)).rows[0].n,
      );
      expect(tables).toBe(0);
    } finally {
      await dropRunDatabases(TEST_DATABASE_URL!, name);
    }
  }, 60_000);

  it("runs every session in UTC under the configured statement timeout", async () => {
    const [settings] = await db.$queryRaw<
      { zone: string; timeout: string }[]
    >`SELECT current_setting('TimeZone') AS zone, current_setting('statement_timeout') AS timeout`;
    expect(settings).toEqual({
      zone: "UTC",
      timeout: `${readEnv().DATABASE_STATEMENT_TIMEOUT_MS / 1000}s`.replace(/^60s$/, "1min"),
    });
  });
});
