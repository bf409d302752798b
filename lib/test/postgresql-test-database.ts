import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";

/**
 * The unit suites run on PostgreSQL when TEST_DATABASE_URL names a server (any database on it, such
 * as postgresql://postgres@127.0.0.1:55432/postgres; `npm run test:unit:postgresql` starts one).
 * Once per run a template database gets the committed migrations through `prisma migrate deploy`;
 * each test file then gets a copy of its own, as each gets its own SQLite file otherwise.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

const root = path.resolve(import.meta.dirname, "..", "..");

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withServer<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function createMigratedTemplate(serverUrl: string, template: string): Promise<void> {
  await withServer(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${template}"`);
    await client.query(`CREATE DATABASE "${template}"`);
  });
  const deploy = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrlFor(serverUrl, template) },
  });
  if (deploy.status !== 0)
    throw new Error(`prisma migrate deploy failed on the test template:\n${deploy.stdout}${deploy.stderr}`);
}

/** Drops the databases a run made: its template and every test file's copy of it. */
export async function dropRunDatabases(serverUrl: string, prefix: string): Promise<void> {
  await withServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
