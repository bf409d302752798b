import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseFilePath, databaseUrl } from "./lib/env";
import { migrationAdapter } from "./prisma/migration-adapter";

// The schema's datasource reads DATABASE_URL; give it the same default the app uses.
process.env.DATABASE_URL = databaseUrl();

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const file = databaseFilePath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return migrationAdapter(file);
  },
});
