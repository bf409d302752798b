import type pg from "pg";
import { databaseUrl, readEnv, redactedDatabaseUrl } from "@/lib/env";
import { errorMessage } from "@/lib/log/error-message";

/**
 * Loads what the list's search needs on a new connection before the connection serves anyone:
 * PostgreSQL reads a text search configuration's dictionaries (unaccent's rules file, the Snowball
 * stemmer) into each connection the first time a query uses them, which cost the first search on
 * every new connection ~9 ms here and up to hundreds of milliseconds on a busy server. Before the
 * migrations have made the configuration there is nothing to load.
 */
export async function preloadSearchDictionaries(client: pg.ClientBase): Promise<void> {
  await client.query(
    `SELECT to_tsquery(c.oid::regconfig, 'warm') FROM pg_ts_config c WHERE c.cfgname = 'briefs_search' AND c.cfgnamespace = current_schema()::regnamespace`,
  );
}

/**
 * How every PostgreSQL connection of the dashboard is opened: the server, the CLI and the page-cache
 * listener alike. Sessions run in UTC, since Prisma keeps DateTime as UTC in `timestamp` columns and
 * raw SQL compares them with timestamptz parameters; the statement timeout stops a runaway query
 * instead of letting it hold a pooled connection.
 *
 * No parallel workers: a page asks a few small queries at once, and starting workers cost more than
 * they saved (related briefs: 105 ms with two workers on a busy two-core server, 2.3 ms without).
 *
 * A pooled connection stays open once made (pg closes idle ones after 10 s by default): otherwise
 * the first visitor after a quiet spell, such as the half hour between two ingests, waits for new
 * connections and their dictionaries. Idle connections do not keep a command-line process alive.
 */
export function postgresqlPoolConfig(source: NodeJS.ProcessEnv = process.env): pg.PoolConfig {
  const env = readEnv(source);
  return {
    connectionString: databaseUrl(source),
    max: env.DATABASE_POOL_SIZE,
    options: `-c TimeZone=UTC -c statement_timeout=${env.DATABASE_STATEMENT_TIMEOUT_MS} -c max_parallel_workers_per_gather=0`,
    application_name: "threat-brief-dashboard",
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg-pool awaits this hook before it hands the connection out (@types/pg types it as returning void)
    onConnect: preloadSearchDictionaries,
  };
}

/** A connection failure, said with the variable to fix and the URL without its password. */
export function describeConnectionError(error: unknown, url: string = databaseUrl()): string {
  const reason = errorMessage(error);
  return `DATABASE_URL: cannot use the PostgreSQL database at ${redactedDatabaseUrl(url)}: ${reason}`;
}
