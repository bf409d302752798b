import type pg from "pg";
import { databaseUrl, readEnv, redactedDatabaseUrl } from "@/lib/env";
import { errorMessage } from "@/lib/log/error-message";

/**
 * How every PostgreSQL connection of the dashboard is opened: the server, the CLI and the page-cache
 * listener alike. Sessions run in UTC, since Prisma keeps DateTime as UTC in `timestamp` columns and
 * raw SQL compares them with timestamptz parameters; the statement timeout stops a runaway query
 * instead of letting it hold a pooled connection.
 */
export function postgresqlPoolConfig(source: NodeJS.ProcessEnv = process.env): pg.PoolConfig {
  const env = readEnv(source);
  return {
    connectionString: databaseUrl(source),
    max: env.DATABASE_POOL_SIZE,
    options: `-c TimeZone=UTC -c statement_timeout=${env.DATABASE_STATEMENT_TIMEOUT_MS}`,
    application_name: "threat-brief-dashboard",
    connectionTimeoutMillis: 10_000,
  };
}

/** A connection failure, said with the variable to fix and the URL without its password. */
export function describeConnectionError(error: unknown, url: string = databaseUrl()): string {
  const reason = errorMessage(error);
  return `DATABASE_URL: cannot use the PostgreSQL database at ${redactedDatabaseUrl(url)}: ${reason}`;
}
