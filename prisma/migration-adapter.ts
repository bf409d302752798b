import { randomUUID } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * Prisma's WebAssembly schema engine sends a whole multi-statement migration through `executeRaw`,
 * while better-sqlite3 runs one statement per call. When such a call (no parameters) fails, run it
 * as a script instead, so `migrate diff --from-migrations` and `migrate dev` can replay migrations.
 */
function withScriptFallback(adapter: Adapter): Adapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property !== "executeRaw") {
        // Bound to the real adapter: its methods use private fields, which a proxy cannot reach.
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return async (query: Parameters<Adapter["executeRaw"]>[0]) => {
        try {
          return await target.executeRaw(query);
        } catch (error) {
          if (query.args.length > 0) throw error;
          await target.executeScript(query.sql);
          return 0;
        }
      };
    },
  });
}

/** The driver adapter the Prisma CLI uses for SQLite migrations, with the fallback on every connection. */
export function sqliteMigrationAdapter(file: string) {
  const factory = new PrismaBetterSQLite3({ url: file });
  return {
    provider: factory.provider as "sqlite",
    adapterName: factory.adapterName,
    connect: async () => withScriptFallback(await factory.connect()),
    connectToShadowDb: async () => withScriptFallback(await factory.connectToShadowDb()),
  };
}

/**
 * The schema engine reads PostgreSQL's catalogs, whose `name` and `"char"` columns (and arrays of
 * them) the pg adapter cannot type (prisma/orm#27403: "Column type 'name' could not be
 * deserialized"). Their values arrive as text anyway, so the columns are reported as text.
 */
const CATALOG_TEXT_TYPES: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

function reportCatalogTypesAsText(result: pg.QueryResult): pg.QueryResult {
  for (const field of result?.fields ?? []) field.dataTypeID = CATALOG_TEXT_TYPES[field.dataTypeID] ?? field.dataTypeID;
  return result;
}

// pg calls these with callbacks internally too; only the promise form, the adapter's, is changed.
function withCatalogTypes<T extends { query: (...args: never[]) => unknown }>(client: T): T {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    return typeof args.at(-1) === "function"
      ? result
      : (result as Promise<pg.QueryResult>).then(reportCatalogTypesAsText);
  };
  return client;
}

class CatalogTypesPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    withCatalogTypes(this);
    const connect = this.connect.bind(this) as (...args: unknown[]) => unknown;
    (this as { connect: unknown }).connect = (...args: unknown[]) =>
      args.length ? connect(...args) : (connect() as Promise<pg.PoolClient>).then(withCatalogTypes);
  }
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * The pg adapter runs a migration script by splitting it at every semicolon, which breaks function
 * bodies and comments. PostgreSQL runs a whole script sent as one simple query, and in one implicit
 * transaction, so a migration that fails halfway leaves nothing behind.
 */
function withWholeScripts(adapter: PgAdapter): PgAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === "executeScript")
        return async (script: string) => void (await target.underlyingDriver().query(script));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The driver adapter the Prisma CLI uses for PostgreSQL migrations. `migrate diff --from-migrations`
 * replays migrations into a shadow database: one is created per call and dropped after (the pg
 * adapter's own would connect to the main database again, since the URL names it).
 */
export function postgresqlMigrationAdapter(url: string) {
  const factory = new PrismaPg(new CatalogTypesPool({ connectionString: url }));
  return {
    provider: factory.provider as "postgres",
    adapterName: factory.adapterName,
    connect: async () => withWholeScripts(await factory.connect()),
    connectToShadowDb: async () => {
      const main = await factory.connect();
      const name = `briefs_shadow_${randomUUID().replaceAll("-", "")}`;
      await main.executeScript(`CREATE DATABASE "${name}"`);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const shadow = await new PrismaPg(new CatalogTypesPool({ connectionString: shadowUrl.toString() }), {
        disposeExternalPool: true,
      }).connect();
      return withWholeScripts(
        new Proxy(shadow, {
          get(target, property) {
            if (property === "dispose")
              return async () => {
                await target.dispose();
                await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
                await main.dispose();
              };
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        }),
      );
    },
  };
}
