import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresqlPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { databaseFilePath, databaseProvider, type DatabaseProvider } from "@/lib/env";
import { postgresqlPoolConfig } from "@/lib/postgresql-pool";
import { sqliteDate } from "@/lib/sqlite-date";

/**
 * How long a writer waits for another process's write lock before giving up. A large ingest holds
 * the lock for its whole (all-or-nothing) transaction, about 4 ms a new brief here, so another
 * feed's ingest must be able to wait that long.
 */
const BUSY_TIMEOUT_MS = 120_000;

const globalForPrisma = globalThis as unknown as {
  prisma?: PrismaClient;
  authPrisma?: PrismaClient;
  walReady?: Promise<void>;
  connection?: Database.Database;
  /** PostgreSQL: the pool under Prisma's adapter, which readRows shares. */
  pool?: pg.Pool;
  /** SQLite: the read-only connection of readRows, and its prepared statements by SQL text. */
  reader?: { connection: Database.Database; statements: Map<string, Database.Statement> };
};

/** The better-sqlite3 connection the driver adapter opened; checked, since it is not the adapter's public API. */
function connectionOf(adapter: unknown): Database.Database {
  const client = (adapter as { client?: Partial<Database.Database> }).client;
  if (typeof client?.prepare !== "function" || typeof client.exec !== "function") {
    throw new Error(
      "@prisma/adapter-better-sqlite3 changed: its adapter no longer keeps the connection as `client`; revisit lib/db.ts",
    );
  }
  return client as Database.Database;
}

/** Which database this process runs on, from DATABASE_URL; raw SQL picks its dialect by it. */
export const provider: DatabaseProvider = databaseProvider();

/** The value for this process's database: one side per dialect, so raw SQL names both where it is written. */
export function byProvider<T>(sides: Record<DatabaseProvider, T>): T {
  return sides[provider];
}

/**
 * PostgreSQL: the same models through the client generated from prisma/postgresql/schema.prisma
 * (derived from the SQLite schema), so its API is the SQLite client's, and the type says so.
 */
function createPostgresqlClient(): PrismaClient {
  // The pool is made here, not by the adapter, so that readRows reads through the same connections.
  const pool = (globalForPrisma.pool = new pg.Pool(postgresqlPoolConfig()));
  return new PostgresqlPrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
  }) as unknown as PrismaClient;
}

function createClient(): PrismaClient {
  if (provider === "postgresql") return createPostgresqlClient();
  const file = databaseFilePath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  const adapter: NonNullable<Prisma.PrismaClientOptions["adapter"]> = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const connected = await factory.connect();
      globalForPrisma.connection = connectionOf(connected);
      return connected;
    },
  };
  return new PrismaClient({ adapter });
}

// One client, so one connection, per process, in production too: Next bundles server code into
// several chunks (pages, route handlers, the instrumentation hook) that each load this module, and
// connectionFor below must hand out the connection of the client that holds the transaction. With a
// client per chunk, an API ingest wrote through another chunk's connection and waited on its own lock.
// Development reloads modules, and the client on globalThis survives that too.
export const db: PrismaClient = (globalForPrisma.prisma ??= createClient());

/** A sign-in waits this long for an ingest's write lock before it fails, rather than the ingest's two minutes. */
const AUTH_BUSY_TIMEOUT_MS = 15_000;

/**
 * The client sign-in (lib/auth/) writes through. On SQLite it has a connection of its own: Prisma's
 * one connection runs any statement sent while an ingest's interactive transaction is open inside that
 * transaction, and a session must neither wait for nor roll back with an ingest. PostgreSQL's pool
 * gives each transaction its own connection already.
 */
export const authDb: PrismaClient = (globalForPrisma.authPrisma ??=
  provider === "sqlite"
    ? new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseFilePath(), timeout: AUTH_BUSY_TIMEOUT_MS }) })
    : db);

/**
 * WAL lets pages read while an ingest writes. The mode is stored in the database file, so setting
 * it once per process is enough.
 */
export function ensureWalMode(): Promise<void> {
  if (provider !== "sqlite") return Promise.resolve();
  globalForPrisma.walReady ??= db.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => undefined);
  return globalForPrisma.walReady;
}

/**
 * The SQLite connection under the Prisma client, for bulk writes inside `db.$transaction`: the client
 * has one connection and holds it for the whole interactive transaction, so statements run on it
 * there are part of that transaction (and roll back with it). Prisma passes every bound parameter of
 * a raw query through its query compiler (JSON into WebAssembly and back), which cost three times
 * SQLite's own time when an ingest wrote 10,000 briefs; on the connection, SQLite's time is the cost.
 * Taking the transaction client as an argument keeps callers inside one.
 */
export async function connectionFor(tx: Prisma.TransactionClient): Promise<Database.Database> {
  if (provider !== "sqlite") throw new Error("connectionFor: a SQLite connection was asked for on PostgreSQL");
  // A live transaction means the adapter has connected; the read also fails loudly if it has not.
  await tx.$queryRawUnsafe("SELECT 1");
  const connection = globalForPrisma.connection;
  if (!connection) throw new Error("The database connection is not open");
  // Another client's connection would wait on this transaction's own write lock until the busy timeout.
  if (!connection.inTransaction)
    throw new Error("connectionFor: the connection is not the one holding this transaction");
  return connection;
}

/** What a read query's parameters may be: the values Prisma.sql templates in lib/ hold. */
type ReadValue = string | number | bigint | boolean | Date | null | readonly string[];

const MAX_READ_STATEMENTS = 500;

function sqliteRead<Row>(query: Prisma.Sql): Row[] {
  globalForPrisma.reader ??= {
    connection: new Database(databaseFilePath(), { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS }),
    statements: new Map(),
  };
  const { connection, statements } = globalForPrisma.reader;
  let statement = statements.get(query.sql);
  if (!statement) {
    // The list's queries differ by their filters only: a few hundred shapes at most; past that, start over.
    if (statements.size >= MAX_READ_STATEMENTS) statements.clear();
    statement = connection.prepare(query.sql);
    statements.set(query.sql, statement);
  }
  const values = (query.values as ReadValue[]).map((value) => {
    if (value instanceof Date) return sqliteDate(value);
    if (typeof value === "boolean") return value ? 1 : 0;
    return value;
  });
  return statement.all(...values) as Row[];
}

/** int8 (COUNT, SUM) as a number, and timestamp columns (kept in UTC by Prisma) as the instants they are. */
const POSTGRESQL_READ_TYPES = {
  getTypeParser: ((oid: number, format?: string): unknown => {
    if (oid === (pg.types.builtins.INT8 as number)) return (value: string) => Number(value);
    if (oid === (pg.types.builtins.TIMESTAMP as number))
      return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format as "text") as unknown;
  }) as typeof pg.types.getTypeParser,
};

async function postgresqlRead<Row>(query: Prisma.Sql): Promise<Row[]> {
  if (!globalForPrisma.pool) throw new Error("readRows: the PostgreSQL pool is not open");
  // Timestamps travel as UTC text, which a timestamp column reads as the same instant whatever the process's zone.
  const values = (query.values as ReadValue[]).map((value) => (value instanceof Date ? value.toISOString() : value));
  const result = await globalForPrisma.pool.query({ text: query.text, values, types: POSTGRESQL_READ_TYPES });
  return result.rows as Row[];
}

/**
 * Rows of a read-only query, read beside Prisma's client rather than through it: for the queries a
 * page render makes, Prisma's query compiler and result mapping (WebAssembly) cost more than the
 * database did (a list page's 20 briefs with their tags: 2.8 ms through findMany, 0.2 ms here).
 * SQLite: a read-only connection of its own, so a page never reads inside an ingest's open
 * transaction on the client's connection, and prepared statements kept by their SQL. PostgreSQL: the
 * client's own pool. Counts come back as numbers; timestamps as Date on PostgreSQL and as the stored
 * text on SQLite (`readDate` reads either).
 */
export async function readRows<Row>(query: Prisma.Sql): Promise<Row[]> {
  if (provider === "postgresql") return postgresqlRead<Row>(query);
  // The client's first query applies WAL mode, which lets this connection read while an ingest writes.
  await ensureWalMode();
  return sqliteRead<Row>(query);
}

/** A timestamp as readRows returns it (Date on PostgreSQL, stored text on SQLite), or null. */
export function readDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}

/** A JSON column as readRows returns it (parsed on PostgreSQL, the stored text on SQLite), parsed. */
export function readJson(value: unknown): Prisma.JsonValue {
  return typeof value === "string" ? (JSON.parse(value) as Prisma.JsonValue) : (value as Prisma.JsonValue);
}
