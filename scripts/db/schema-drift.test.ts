import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { provider } from "@/lib/db";
import { derivePostgresqlSchema, POSTGRESQL_SCHEMA_PATH, SQLITE_SCHEMA_PATH } from "../../prisma/postgresql-schema";

const root = path.resolve(import.meta.dirname, "..", "..");

/**
 * What each provider's migrations hold beyond the Prisma schema, written by hand since Prisma cannot
 * describe it: the search index (FTS5's tables on SQLite, a tsvector table on PostgreSQL),
 * PostgreSQL's list-order indexes and SQLite's data-version counters. Prisma's diff would drop exactly these; anything else it wants to
 * change means the migrations and the schema have drifted apart.
 */
const HAND_WRITTEN = {
  sqlite: [/^DROP TABLE "BriefSearch(_config|_data|_docsize|_idx)?"$/, /^DROP TABLE "(Team)?DataVersion"$/],
  postgresql: [
    /^ALTER TABLE "BriefSearch" DROP CONSTRAINT "BriefSearch_briefId_fkey"$/,
    /^DROP TABLE "BriefSearch"$/,
    /^DROP INDEX "Brief_(newest|severity_rank)_idx"$/,
  ],
};

const MIGRATIONS = { sqlite: "prisma/migrations", postgresql: "prisma/postgresql/migrations" };
const SCHEMA = { sqlite: SQLITE_SCHEMA_PATH, postgresql: POSTGRESQL_SCHEMA_PATH };

/** The statements `prisma migrate diff` would run to turn what the migrations build into what the schema describes. */
function driftStatements(): string[] {
  const diff = spawnSync(
    path.join(root, "node_modules", ".bin", "prisma"),
    [
      "migrate",
      "diff",
      "--from-migrations",
      MIGRATIONS[provider],
      "--to-schema-datamodel",
      SCHEMA[provider],
      "--script",
    ],
    { cwd: root, encoding: "utf8", env: process.env },
  );
  if (diff.status !== 0) throw new Error(`prisma migrate diff failed:\n${diff.stdout}${diff.stderr}`);
  return diff.stdout
    .split("\n")
    .filter((line) => !line.startsWith("--") && !/^PRAGMA foreign_keys=(on|off);$/.test(line.trim()))
    .join("\n")
    .split(";")
    .map((statement) => statement.replace(/\s+/g, " ").trim())
    .filter((statement) => statement && statement !== "This is an empty migration.");
}

describe("the data model has one source of truth", () => {
  it("derives the committed PostgreSQL schema from the SQLite one (run `npm run db:schema` after editing prisma/schema.prisma)", () => {
    const sqlite = fs.readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8");
    expect(fs.readFileSync(path.join(root, POSTGRESQL_SCHEMA_PATH), "utf8")).toBe(derivePostgresqlSchema(sqlite));
  });

  it("refuses a schema it cannot derive from, naming what it missed", () => {
    expect(() => derivePostgresqlSchema('datasource db {\n  provider = "mysql"\n}')).toThrow(/provider = "sqlite"/);
  });

  it(`builds with this run's migrations (${provider}) exactly what the schema describes, besides the hand-written search objects`, () => {
    const statements = driftStatements();
    expect(
      statements.filter((statement) => !HAND_WRITTEN[provider].some((allowed) => allowed.test(statement))),
    ).toEqual([]);
    // The diff did run against the migrations: it sees the search objects they add beyond the schema.
    expect(statements.length).toBeGreaterThan(0);
  }, 120_000);
});
