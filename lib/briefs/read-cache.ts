import "server-only";
import { cache } from "react";
import { readDate, readRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { currentContentVersion } from "@/lib/page-cache/data-version";

/**
 * Briefs change only when an ingest commits, and every such commit stamps its feed's
 * lastChangedAt. Keying cached reads on the newest stamp lets every process (the server, the CLI,
 * a second server) invalidate the others' caches without talking to them. The stamp alone can
 * miss a change: ingests of two feeds run side by side on PostgreSQL, from servers whose clocks
 * differ, so one may commit after another with an older stamp. The database's data version
 * (lib/page-cache) moves with every commit; the stamp still moves at once for this process's own
 * commits, which the PostgreSQL version hears of a moment later.
 */
async function readDataVersion(): Promise<string> {
  const [feeds] = await readRows<{ count: number; newest: Date | string | null }>(
    Prisma.sql`SELECT COUNT(*) AS "count", MAX("lastChangedAt") AS "newest" FROM "Feed"`,
  );
  return `${feeds.count}:${readDate(feeds.newest)?.getTime() ?? 0}:${currentContentVersion() ?? ""}`;
}

/** The version cached reads are keyed on; read once per request (and once per warming pass outside one). */
export const readCacheVersion = cache(readDataVersion);

const MAX_ENTRIES = 200;

type Entry = { version: string; value: Promise<unknown> };

// One store per process: Next loads this module in several bundles (pages, route handlers, the
// instrumentation hook that warms it), and each must see what the others loaded.
const globalForReadCache = globalThis as unknown as { briefsReadCache?: Map<string, Entry> };
const entries = (globalForReadCache.briefsReadCache ??= new Map<string, Entry>());

/** Runs `load` once per data version and key; a failed load is not kept. */
export async function readThroughCache<T>(key: string, load: () => Promise<T>): Promise<T> {
  const current = await readCacheVersion();
  const hit = entries.get(key);
  if (hit && hit.version === current) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { version: current, value });
  value.catch(() => entries.delete(key));
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}

/**
 * The value kept for `key` at the current data version, or undefined: for reads too costly to make
 * while a visitor waits, which only the warmer loads (lib/coverage/warm-reads.ts) and a page uses
 * once they are there.
 */
export async function peekReadCache<T>(key: string): Promise<T | undefined> {
  const hit = entries.get(key);
  if (!hit || hit.version !== (await readCacheVersion())) return undefined;
  return hit.value.then(
    (value) => value as T,
    () => undefined,
  );
}
