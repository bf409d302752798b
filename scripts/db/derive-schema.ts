// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (see prisma/postgresql-schema.ts).
import fs from "node:fs";
import path from "node:path";
import { derivePostgresqlSchema, POSTGRESQL_SCHEMA_PATH, SQLITE_SCHEMA_PATH } from "../../prisma/postgresql-schema";

const root = path.resolve(import.meta.dirname, "..", "..");
const target = path.join(root, POSTGRESQL_SCHEMA_PATH);
const derived = derivePostgresqlSchema(fs.readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8"));
const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
if (current === derived) {
  console.log(`${POSTGRESQL_SCHEMA_PATH} is up to date`);
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, derived);
  console.log(
    `Wrote ${POSTGRESQL_SCHEMA_PATH}; write a PostgreSQL migration for the change too (README, "Schema changes")`,
  );
}
