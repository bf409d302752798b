import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

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
        return typeof value === "function" ? value.bind(target) : value;
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

/** The driver adapter the Prisma CLI uses for migrations, with the fallback on every connection. */
export function migrationAdapter(file: string) {
  const factory = new PrismaBetterSQLite3({ url: file });
  return {
    provider: factory.provider as "sqlite",
    adapterName: factory.adapterName,
    connect: async () => withScriptFallback(await factory.connect()),
    connectToShadowDb: async () => withScriptFallback(await factory.connectToShadowDb()),
  };
}
