import { createMigratedTemplate, dropRunDatabases, TEST_DATABASE_URL } from "./postgresql-test-database";

/**
 * On PostgreSQL, migrates one template database for the run (see postgresql-test-database.ts) and
 * drops the run's databases at the end. The run's prefix carries this process's id, so suites run
 * from two checkouts against one server never touch each other's databases.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (!TEST_DATABASE_URL) return;
  const prefix = `briefs_test_${process.pid}_`;
  const template = `${prefix}template`;
  await createMigratedTemplate(TEST_DATABASE_URL, template);
  process.env.BRIEFS_TEST_TEMPLATE = template;
  return () => dropRunDatabases(TEST_DATABASE_URL!, prefix);
}
