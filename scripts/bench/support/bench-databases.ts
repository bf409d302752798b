/** PostgreSQL databases the benchmark makes, copies and drops; each is named so that nothing else is ever dropped. */
import { databaseUrlFor, withServer } from "@/lib/test/postgresql-test-database";

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** A PostgreSQL database URL the benchmark may drop: its name says bench. */
export function benchDatabase(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`--database must be a postgresql:// URL, got "${url}"`);
  const name = databaseName(url);
  if (!/^[a-z0-9_]*bench[a-z0-9_]*$/.test(name))
    throw new Error(
      `--database names "${name}": the benchmark drops it, so its name must contain "bench" (letters, digits, _)`,
    );
  return url;
}

function onServer<T>(url: string, use: Parameters<typeof withServer<T>>[1]): Promise<T> {
  return withServer(databaseUrlFor(url, "postgres"), use);
}

/** Drops the database (closing its connections), when it exists. */
export async function dropBenchDatabase(url: string): Promise<void> {
  await onServer(benchDatabase(url), (client) =>
    client.query(`DROP DATABASE IF EXISTS "${databaseName(url)}" WITH (FORCE)`),
  );
}

/** An empty database in place of whatever had the name. */
export async function recreateBenchDatabase(url: string): Promise<void> {
  await dropBenchDatabase(url);
  await onServer(url, (client) => client.query(`CREATE DATABASE "${databaseName(url)}"`));
}

/**
 * `to` becomes a copy of `from` page for page, as it is on disk now: the search index's pending list,
 * the visibility map and the statistics go with it (the server's activity counters do not), so a
 * state such as "right after seeding" can be measured more than once. `from` must have no connections.
 */
export async function copyBenchDatabase(from: string, to: string): Promise<void> {
  await dropBenchDatabase(to);
  await onServer(benchDatabase(from), (client) =>
    client.query(`CREATE DATABASE "${databaseName(to)}" TEMPLATE "${databaseName(from)}"`),
  );
}
