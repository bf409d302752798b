import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseFilePath } from "@/lib/env";

/**
 * How long a writer waits for another process's write lock before giving up. A large ingest holds
 * the lock for its whole (all-or-nothing) transaction, about 4 ms a new brief here, so another
 * feed's ingest must be able to wait that long.
 */
const BUSY_TIMEOUT_MS = 120_000;

function createClient(): PrismaClient {
  const file = databaseFilePath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS }) });
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; walReady?: Promise<void> };

// One client per process; development reloads modules, so keep it on globalThis there.
export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;

/**
 * WAL lets pages read while an ingest writes. The mode is stored in the database file, so setting
 * it once per process is enough.
 */
export function ensureWalMode(): Promise<void> {
  globalForPrisma.walReady ??= db.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => undefined);
  return globalForPrisma.walReady;
}
