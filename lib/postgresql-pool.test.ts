import pg from "pg";
import { describe, expect, it } from "vitest";
import { databaseProvider, databaseUrl } from "@/lib/env";
import { postgresqlPoolConfig } from "@/lib/postgresql-pool";

describe.skipIf(databaseProvider() !== "postgresql")("postgresqlPoolConfig (PostgreSQL)", () => {
  it("keeps connections once made, and preloads the search dictionaries on each", async () => {
    const config = postgresqlPoolConfig();
    expect(config.idleTimeoutMillis).toBe(0);
    const pool = new pg.Pool(config);
    try {
      const [first, second] = await Promise.all([pool.connect(), pool.connect()]);
      first.release();
      second.release();
      const { rows } = await pool.query<{ words: string }>(
        `SELECT to_tsquery('briefs_search', 'Tokens')::text AS words`,
      );
      expect(rows).toEqual([{ words: "'token'" }]);
      expect(pool.idleCount).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it("connects to a database the migrations have not reached, where there is nothing to preload", async () => {
    const url = new URL(databaseUrl());
    url.pathname = "/postgres";
    const pool = new pg.Pool(postgresqlPoolConfig({ ...process.env, DATABASE_URL: url.toString() }));
    try {
      await expect(pool.query("SELECT 1 AS one")).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await pool.end();
    }
  });
});
