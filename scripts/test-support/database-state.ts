import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseFilePath, databaseProvider, databaseUrl } from "@/lib/env";

/**
 * Reads this test file's database directly — better-sqlite3 on the SQLite file, a pg connection of
 * its own on PostgreSQL — not through Prisma, so what a crashed process left is seen exactly as the
 * next process would find it. Each query returns its rows as arrays of column values.
 */
type Query = (sql: string, params?: unknown[]) => Promise<unknown[][]>;

async function withDatabase<T>(use: (query: Query) => Promise<T>): Promise<T> {
  if (databaseProvider() === "sqlite") {
    const database = new Database(databaseFilePath(), { timeout: 30_000 });
    try {
      return await use(async (sql, params = []) => {
        const statement = database.prepare(sql);
        if (!statement.reader) {
          statement.run(...params);
          return [];
        }
        return statement.raw().all(...params) as unknown[][];
      });
    } finally {
      database.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl(), options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    return await use(
      async (sql, params = []) =>
        (await client.query({ text: sql, values: params, rowMode: "array" })).rows as unknown[][],
    );
  } finally {
    await client.end();
  }
}

/** The statements that differ between the two databases. */
const SQL = {
  sqlite: {
    // Every table that holds briefs or hangs off them (Brief, BriefTag, BriefFeed, BriefRevision, …, and
    // Tag), found in the schema so a table added later is covered too; the search index is checked apart.
    briefTables: `SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND ("name" = 'Tag' OR "name" GLOB 'Brief*') AND "name" NOT GLOB 'BriefSearch*' ORDER BY "name"`,
    columnsOf: `SELECT "name" FROM pragma_table_info(?)`,
    // One row per indexed brief: the external-content index's own record of what it holds.
    searchDocuments: `SELECT count(*) FROM "BriefSearch_docsize"`,
    runsOf: `SELECT r."status", r."error", r."finishedAt", r."created", r."unchanged" FROM "IngestRun" r JOIN "Feed" f ON f."id" = r."feedId"
             WHERE f."url" = ? ORDER BY r."startedAt", r."rowid"`,
    leaseHolder: `SELECT "holder" FROM "IngestLease" WHERE "feedUrl" = ?`,
  },
  postgresql: {
    briefTables: `SELECT "table_name" FROM information_schema.tables WHERE "table_schema" = current_schema() AND "table_type" = 'BASE TABLE'
                  AND ("table_name" = 'Tag' OR "table_name" LIKE 'Brief%') AND "table_name" NOT LIKE 'BriefSearch%' ORDER BY "table_name"`,
    columnsOf: `SELECT "column_name" FROM information_schema.columns WHERE "table_schema" = current_schema() AND "table_name" = $1 ORDER BY "ordinal_position"`,
    searchDocuments: `SELECT count(*)::int FROM "BriefSearch"`,
    runsOf: `SELECT r."status", r."error", r."finishedAt", r."created", r."unchanged" FROM "IngestRun" r JOIN "Feed" f ON f."id" = r."feedId"
             WHERE f."url" = $1 ORDER BY r."startedAt", r."id"`,
    leaseHolder: `SELECT "holder" FROM "IngestLease" WHERE "feedUrl" = $1`,
  },
}[databaseProvider()];

async function single(query: Query, sql: string, params?: unknown[]): Promise<unknown> {
  const [row] = await query(sql, params);
  return row?.[0];
}

export type BriefState = { briefs: number; searchDocuments: number; checksum: string };

/** The brief count, the number of documents the full-text index holds, and a hash of every brief-related row. */
export function briefState(): Promise<BriefState> {
  return withDatabase(async (query) => {
    const hash = createHash("sha256");
    for (const [table] of await query(SQL.briefTables)) {
      // Every column, rows sorted by all of them: the hash depends on the content alone.
      const columns = (await query(SQL.columnsOf, [table])).map(([name]) => `"${String(name)}"`);
      hash.update(`${String(table)}\n`);
      for (const row of await query(
        `SELECT ${columns.join(", ")} FROM "${String(table)}" ORDER BY ${columns.join(", ")}`,
      ))
        hash.update(JSON.stringify(row)).update("\n");
    }
    return {
      briefs: Number(await single(query, `SELECT count(*) FROM "Brief"`)),
      searchDocuments: Number(await single(query, SQL.searchDocuments)),
      checksum: hash.digest("hex"),
    };
  });
}

/**
 * "ok", or what is wrong. SQLite: its own integrity check of the whole file, and FTS5's check of the
 * search index — with rank 1 it also compares the index against its external content table (Brief).
 * PostgreSQL, whose storage checks itself: every brief has exactly the search document its current
 * title, summary and body make, and the index holds no other.
 */
export function checkDatabaseIntegrity(): Promise<string> {
  return withDatabase(async (query) => {
    if (databaseProvider() === "sqlite") {
      const result = String(await single(query, `PRAGMA integrity_check`));
      await query(`INSERT INTO "BriefSearch"("BriefSearch", "rank") VALUES ('integrity-check', 1)`);
      return result;
    }
    const stale = Number(
      await single(
        query,
        `SELECT count(*)::int FROM "Brief" b LEFT JOIN "BriefSearch" s ON s."briefId" = b."id"
         WHERE s."briefId" IS NULL OR s."document" <> briefs_search_document(b."title", b."summary", b."bodyText")`,
      ),
    );
    const orphans = Number(
      await single(
        query,
        `SELECT count(*)::int FROM "BriefSearch" s WHERE NOT EXISTS (SELECT 1 FROM "Brief" b WHERE b."id" = s."briefId")`,
      ),
    );
    return stale === 0 && orphans === 0
      ? "ok"
      : `${stale} brief(s) without their current search document, ${orphans} search document(s) without a brief`;
  });
}

export type RunRow = { status: string; error: string | null; finishedAt: unknown; created: number; unchanged: number };

/** A feed's ingest runs, oldest first. */
export function runsOf(feedUrl: string): Promise<RunRow[]> {
  return withDatabase(async (query) =>
    (await query(SQL.runsOf, [feedUrl])).map(([status, error, finishedAt, created, unchanged]) => ({
      status: String(status),
      error: error === null ? null : String(error as string),
      finishedAt,
      created: Number(created),
      unchanged: Number(unchanged),
    })),
  );
}

/** The first column of the first row of a query both databases read alike (such as a count), as a number. */
export function countRows(sql: string): Promise<number> {
  return withDatabase(async (query) => Number(await single(query, sql)));
}

/** The rows of a query both databases read alike, each as an object of its columns. */
export function readRows(sql: string, columns: readonly string[]): Promise<Record<string, unknown>[]> {
  return withDatabase(async (query) =>
    (await query(sql)).map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]]))),
  );
}

export function leaseHolder(feedUrl: string): Promise<string | undefined> {
  return withDatabase(async (query) => (await single(query, SQL.leaseHolder, [feedUrl])) as string | undefined);
}

/** Empties every table an ingest writes, so each test starts from a known state. */
export function clearIngestTables(): Promise<void> {
  return withDatabase(async (query) => {
    for (const table of ["BriefDetection", "BriefTag", "BriefFeed", "Brief", "Tag", "IngestRun", "IngestLease", "Feed"])
      await query(`DELETE FROM "${table}"`);
  });
}
