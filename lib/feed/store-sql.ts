import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { byProvider, connectionFor } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/briefs/severity";

/**
 * The store's raw SQL, one side per database, behind one small interface: lib/feed/store.ts decides
 * what to write, these statements write it in bulk inside the store's transaction. Values arrive as
 * the SQLite side binds them: dates as ISO text (lib/sqlite-date.ts), JSON columns as JSON text.
 */
export interface BriefWriter {
  /** The stored briefs among these identities. */
  knownBriefs(identities: readonly string[]): Promise<KnownBrief[]>;
  /** Which of these slugs some brief already has. */
  takenSlugs(slugs: readonly string[]): Promise<string[]>;
  /** Every tag, as [name, id]. */
  tags(): Promise<[string, string][]>;
  /** Inserts rows; inserting into "Brief" fires the search-index triggers. */
  insertRows(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
  /**
   * Keeps each brief's current version as a BriefRevision captured at `capturedAt`, then overwrites
   * its CONTENT_COLUMNS with the row's values (`[id, ...content]`) and drops its tags, in place.
   */
  updateBriefs(rows: readonly unknown[][], capturedAt: string): Promise<void>;
  /** Records the briefs as seen in the feed now: a new BriefFeed row, or a later lastSeenAt on the existing one. */
  markSeen(feedId: string, briefIds: readonly string[], seenAt: string): Promise<void>;
}

export type KnownBrief = { identity: string; id: string; contentHash: string; severity: Severity };

/** The columns of a brief an ingest writes; `id`, `identity`, `slug` and `firstSeenAt` only on creation. */
export const CONTENT_COLUMNS = [
  "title",
  "link",
  "summary",
  "bodyHtml",
  "bodyText",
  "summaryHtml",
  "attackChain",
  "impactHtml",
  "recommendations",
  "severity",
  "severityRaw",
  "type",
  "publishedAt",
  "contentHash",
  "updatedAt",
] as const;

/** The columns a revision keeps: what a reader of the brief sees, and the hash it had. */
const REVISION_COLUMNS = [
  "title",
  "summary",
  "severity",
  "severityRaw",
  "type",
  "publishedAt",
  "summaryHtml",
  "impactHtml",
  "attackChain",
  "recommendations",
  "bodyHtml",
  "contentHash",
] as const;

function columnList(columns: readonly string[], prefix = ""): string {
  return columns.map((column) => `${prefix}"${column}"`).join(", ");
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < values.length; index += size) result.push(values.slice(index, index + size));
  return result;
}

/** SQLite caps bound parameters per statement; stay well below it on every platform. */
const MAX_PARAMETERS = 4000;

/** `(?, ?, …), (?, ?, …)`: placeholders for a multi-row VALUES list. */
function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
  return Array.from({ length: rows }, () => row).join(", ");
}

/**
 * SQLite: multi-row statements on the transaction's own connection (lib/db.ts connectionFor), a few
 * thousand parameters each, lists bound as one JSON array read by json_each.
 */
class SqliteBriefWriter implements BriefWriter {
  constructor(private readonly connection: Database.Database) {}

  private selectIn<Row extends unknown[]>(select: string, column: string, values: readonly string[]): Row[] {
    return this.connection
      .prepare(`${select} WHERE "${column}" IN (SELECT "value" FROM json_each(?))`)
      .raw()
      .all(JSON.stringify(values)) as Row[];
  }

  async knownBriefs(identities: readonly string[]): Promise<KnownBrief[]> {
    const rows = this.selectIn<[string, string, string, Severity]>(
      `SELECT "identity", "id", "contentHash", "severity" FROM "Brief"`,
      "identity",
      identities,
    );
    return rows.map(([identity, id, contentHash, severity]) => ({ identity, id, contentHash, severity }));
  }

  async takenSlugs(slugs: readonly string[]): Promise<string[]> {
    return this.selectIn<[string]>(`SELECT "slug" FROM "Brief"`, "slug", slugs).map(([slug]) => slug);
  }

  async tags(): Promise<[string, string][]> {
    return this.connection.prepare(`SELECT "name", "id" FROM "Tag"`).raw().all() as [string, string][];
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    this.insert(table, columns, rows);
  }

  private insert(table: string, columns: readonly string[], rows: readonly unknown[][]): void {
    for (const batch of chunks(rows, Math.floor(MAX_PARAMETERS / columns.length))) {
      this.connection
        .prepare(`INSERT INTO "${table}" (${columnList(columns)}) VALUES ${placeholders(batch.length, columns.length)}`)
        .run(batch.flat());
    }
  }

  async updateBriefs(rows: readonly unknown[][], capturedAt: string): Promise<void> {
    for (const batch of chunks(rows, Math.floor(MAX_PARAMETERS / (CONTENT_COLUMNS.length + 1)))) {
      this.connection
        .prepare(
          `INSERT INTO "BriefRevision" ("id", "briefId", "capturedAt", ${columnList(REVISION_COLUMNS)})
           SELECT v."column2", b."id", ?, ${columnList(REVISION_COLUMNS, "b.")}
           FROM (VALUES ${placeholders(batch.length, 2)}) AS v JOIN "Brief" b ON b."id" = v."column1"`,
        )
        .run(
          capturedAt,
          batch.flatMap(([id]) => [id, randomUUID()]),
        );
      // Updating "Brief" fires the search-index trigger.
      const assignments = CONTENT_COLUMNS.map((column, index) => `"${column}" = v."column${index + 2}"`).join(", ");
      this.connection
        .prepare(
          `UPDATE "Brief" SET ${assignments} FROM (VALUES ${placeholders(batch.length, CONTENT_COLUMNS.length + 1)}) AS v WHERE "Brief"."id" = v."column1"`,
        )
        .run(batch.flat());
      this.connection
        .prepare(`DELETE FROM "BriefTag" WHERE "briefId" IN (SELECT "value" FROM json_each(?))`)
        .run(JSON.stringify(batch.map(([id]) => id)));
    }
  }

  async markSeen(feedId: string, briefIds: readonly string[], seenAt: string): Promise<void> {
    this.connection
      .prepare(
        `INSERT INTO "BriefFeed" ("briefId", "feedId", "firstSeenAt", "lastSeenAt") SELECT "value", ?, ?, ? FROM json_each(?) WHERE true
         ON CONFLICT ("briefId", "feedId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
      )
      .run(feedId, seenAt, seenAt, JSON.stringify(briefIds));
  }
}

/** PostgreSQL types of the columns the store writes that are not text; values are bound as text and cast. */
const POSTGRESQL_TYPES: Record<string, string> = {
  publishedAt: "timestamp(3)",
  updatedAt: "timestamp(3)",
  firstSeenAt: "timestamp(3)",
  lastSeenAt: "timestamp(3)",
  attackChain: "jsonb",
  recommendations: "jsonb",
};

/** `v."column"` cast to the column's type. */
function castValue(column: string): string {
  const type = POSTGRESQL_TYPES[column];
  return type ? `v."${column}"::${type}` : `v."${column}"`;
}

/** Each column's values as one text array: a statement binds as many arrays as the table has columns, whatever the row count. */
function columnArrays(columnCount: number, rows: readonly unknown[][]): (string | null)[][] {
  return Array.from({ length: columnCount }, (_, column) =>
    rows.map((row) => {
      const value = row[column];
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- bound values are scalars (text, numbers, booleans); PostgreSQL casts each array from text
      return value === null || value === undefined ? null : String(value);
    }),
  );
}

/** `unnest($1::text[], $2::text[], …) AS v("a", "b", …)`, its arrays numbered from `first`. */
function unnestRows(columns: readonly string[], first = 1): string {
  return `unnest(${columns.map((_, index) => `$${first + index}::text[]`).join(", ")}) AS v(${columnList(columns)})`;
}

/**
 * PostgreSQL: the same statements inside the store's Prisma transaction, rows passed as one text
 * array per column and read back with unnest, so that a chunk of briefs is one statement with a
 * handful of parameters.
 */
class PostgresqlBriefWriter implements BriefWriter {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async knownBriefs(identities: readonly string[]): Promise<KnownBrief[]> {
    return this.tx.$queryRawUnsafe<KnownBrief[]>(
      `SELECT "identity", "id", "contentHash", "severity" FROM "Brief" WHERE "identity" = ANY($1::text[])`,
      identities,
    );
  }

  async takenSlugs(slugs: readonly string[]): Promise<string[]> {
    const rows = await this.tx.$queryRawUnsafe<{ slug: string }[]>(
      `SELECT "slug" FROM "Brief" WHERE "slug" = ANY($1::text[])`,
      slugs,
    );
    return rows.map((row) => row.slug);
  }

  async tags(): Promise<[string, string][]> {
    const rows = await this.tx.$queryRawUnsafe<{ name: string; id: string }[]>(`SELECT "name", "id" FROM "Tag"`);
    return rows.map((row) => [row.name, row.id]);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    if (!rows.length) return;
    await this.tx.$executeRawUnsafe(
      `INSERT INTO "${table}" (${columnList(columns)}) SELECT ${columns.map(castValue).join(", ")} FROM ${unnestRows(columns)}`,
      ...columnArrays(columns.length, rows),
    );
  }

  async updateBriefs(rows: readonly unknown[][], capturedAt: string): Promise<void> {
    if (!rows.length) return;
    const ids = rows.map(([id]) => String(id));
    await this.tx.$executeRawUnsafe(
      `INSERT INTO "BriefRevision" ("id", "briefId", "capturedAt", ${columnList(REVISION_COLUMNS)})
       SELECT v."revisionId", b."id", $1::timestamp(3), ${columnList(REVISION_COLUMNS, "b.")}
       FROM ${unnestRows(["briefId", "revisionId"], 2)} JOIN "Brief" b ON b."id" = v."briefId"`,
      capturedAt,
      ids,
      ids.map(() => randomUUID()),
    );
    const assignments = CONTENT_COLUMNS.map((column) => `"${column}" = ${castValue(column)}`).join(", ");
    await this.tx.$executeRawUnsafe(
      `UPDATE "Brief" SET ${assignments} FROM ${unnestRows(["id", ...CONTENT_COLUMNS])} WHERE "Brief"."id" = v."id"`,
      ...columnArrays(CONTENT_COLUMNS.length + 1, rows),
    );
    await this.tx.$executeRawUnsafe(`DELETE FROM "BriefTag" WHERE "briefId" = ANY($1::text[])`, ids);
  }

  async markSeen(feedId: string, briefIds: readonly string[], seenAt: string): Promise<void> {
    if (!briefIds.length) return;
    await this.tx.$executeRawUnsafe(
      `INSERT INTO "BriefFeed" ("briefId", "feedId", "firstSeenAt", "lastSeenAt") SELECT v."id", $1, $2::timestamp(3), $2::timestamp(3) FROM unnest($3::text[]) AS v("id")
       ON CONFLICT ("briefId", "feedId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
      feedId,
      seenAt,
      briefIds,
    );
  }
}

/** The writer for this database, bound to the store's transaction. */
export const briefWriterFor = byProvider<(tx: Prisma.TransactionClient) => Promise<BriefWriter>>({
  sqlite: async (tx) => new SqliteBriefWriter(await connectionFor(tx)),
  postgresql: async (tx) => new PostgresqlBriefWriter(tx),
});
