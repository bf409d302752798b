import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { databaseFilePath } from "@/lib/env";

/**
 * Reads this test file's SQLite database directly with better-sqlite3 — not through Prisma — so what
 * a crashed process left on disk is seen exactly as the next process would open it.
 */
export function withDatabase<T>(use: (database: Database.Database) => T): T {
  const database = new Database(databaseFilePath(), { timeout: 30_000 });
  try {
    return use(database);
  } finally {
    database.close();
  }
}

/**
 * Every table that holds briefs or hangs off them (Brief, BriefTag, BriefFeed, BriefRevision, …, and
 * Tag), found in the schema so a table added later is covered too. The search index's own tables
 * (BriefSearch*) are checked by checkDatabaseIntegrity instead.
 */
function briefTables(database: Database.Database): string[] {
  return database
    .prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND ("name" = 'Tag' OR "name" GLOB 'Brief*') AND "name" NOT GLOB 'BriefSearch*' ORDER BY "name"`)
    .pluck()
    .all() as string[];
}

export type BriefState = { briefs: number; searchDocuments: number; checksum: string };

/** The brief count, the number of rows the full-text index holds, and a hash of every brief-related row. */
export function briefState(): BriefState {
  return withDatabase((database) => {
    const hash = createHash("sha256");
    for (const table of briefTables(database)) {
      // Every column, rows sorted by all of them: the hash depends on the content alone.
      const columns = (database.prepare(`SELECT "name" FROM pragma_table_info(?)`).pluck().all(table) as string[]).map((name) => `"${name}"`);
      hash.update(`${table}\n`);
      for (const row of database.prepare(`SELECT ${columns.join(", ")} FROM "${table}" ORDER BY ${columns.join(", ")}`).raw().iterate()) {
        hash.update(JSON.stringify(row)).update("\n");
      }
    }
    const count = (sql: string) => (database.prepare(sql).pluck().get() as number) ?? 0;
    return {
      briefs: count(`SELECT count(*) FROM "Brief"`),
      // One row per indexed brief: the external-content index's own record of what it holds.
      searchDocuments: count(`SELECT count(*) FROM "BriefSearch_docsize"`),
      checksum: hash.digest("hex"),
    };
  });
}

/**
 * SQLite's own integrity check of the whole file, and FTS5's check of the search index — with rank 1
 * it also compares the index against its external content table (Brief). Throws if either fails.
 */
export function checkDatabaseIntegrity(): string {
  return withDatabase((database) => {
    const result = database.pragma("integrity_check", { simple: true }) as string;
    database.prepare(`INSERT INTO "BriefSearch"("BriefSearch", "rank") VALUES ('integrity-check', 1)`).run();
    return result;
  });
}

export type RunRow = { status: string; error: string | null; finishedAt: number | null; created: number; unchanged: number };

/** A feed's ingest runs, oldest first. */
export function runsOf(feedUrl: string): RunRow[] {
  return withDatabase((database) =>
    database
      .prepare(
        `SELECT r."status", r."error", r."finishedAt", r."created", r."unchanged" FROM "IngestRun" r JOIN "Feed" f ON f."id" = r."feedId"
         WHERE f."url" = ? ORDER BY r."startedAt", r."rowid"`,
      )
      .all(feedUrl) as RunRow[],
  );
}

export function countRows(sql: string): number {
  return withDatabase((database) => database.prepare(sql).pluck().get() as number);
}

export function leaseHolder(feedUrl: string): string | undefined {
  return withDatabase((database) => database.prepare(`SELECT "holder" FROM "IngestLease" WHERE "feedUrl" = ?`).pluck().get(feedUrl) as string | undefined);
}

/** Empties every table an ingest writes, so each test starts from a known state. */
export function clearIngestTables(): void {
  withDatabase((database) => {
    database.exec(`
      DELETE FROM "BriefDetection"; DELETE FROM "BriefTag"; DELETE FROM "BriefFeed"; DELETE FROM "Brief"; DELETE FROM "Tag";
      DELETE FROM "IngestRun"; DELETE FROM "IngestLease"; DELETE FROM "Feed";`);
  });
}
