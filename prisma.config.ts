import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseFilePath, databaseProvider, databaseUrl } from "./lib/env";
import { postgresqlMigrationAdapter, sqliteMigrationAdapter } from "./prisma/migration-adapter";
import { POSTGRESQL_SCHEMA_PATH, SQLITE_SCHEMA_PATH } from "./prisma/postgresql-schema";

// The schema's datasource reads DATABASE_URL; give it the same default the app uses.
process.env.DATABASE_URL = databaseUrl();
const provider = databaseProvider();

// Each provider has its schema and, beside it, its migrations; `prisma generate --schema` picks the other.
export default defineConfig({
  schema: provider === "postgresql" ? POSTGRESQL_SCHEMA_PATH : SQLITE_SCHEMA_PATH,
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    if (provider === "postgresql") return postgresqlMigrationAdapter(databaseUrl());
    const file = databaseFilePath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return sqliteMigrationAdapter(file);
  },
});
