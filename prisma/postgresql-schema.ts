/**
 * prisma/schema.prisma (SQLite) is the one description of the data model. The PostgreSQL schema is
 * derived from it, never edited by hand, so the two cannot describe different models: only the
 * datasource's provider and the generated client's folder differ. `npm run db:schema` writes it; a
 * unit test fails when the committed file is not what this derives.
 */

export const SQLITE_SCHEMA_PATH = "prisma/schema.prisma";
export const POSTGRESQL_SCHEMA_PATH = "prisma/postgresql/schema.prisma";

const HEADER = `// Generated from prisma/schema.prisma by \`npm run db:schema\`: edit that file, then run it.
// PostgreSQL's migrations live beside this file (prisma/postgresql/migrations).
`;

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`));
  if (matches?.length !== 1)
    throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

export function derivePostgresqlSchema(sqliteSchema: string): string {
  let schema = replaceOnce(
    sqliteSchema,
    /provider\s*=\s*"sqlite"/,
    'provider = "postgresql"',
    'provider = "sqlite" line',
  );
  // One folder deeper than the SQLite schema, and a client of its own: Prisma generates one per provider.
  schema = replaceOnce(
    schema,
    /output\s*=\s*"\.\.\/lib\/generated\/prisma"/,
    'output     = "../../lib/generated/prisma-postgresql"',
    "client output line",
  );
  return `${HEADER}\n${schema}`;
}
