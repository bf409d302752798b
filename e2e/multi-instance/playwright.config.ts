import path from "node:path";
import { defineConfig } from "@playwright/test";
import sqliteSuite from "../../playwright.config";

/**
 * Several dashboard servers on one PostgreSQL database (`npm run test:e2e:postgresql`). The spec
 * makes its own database on the server E2E_POSTGRES_URL names and starts the servers itself, since
 * it kills one of them; they listen from E2E_POSTGRES_PORT_BASE (3450) on. Same browser as the
 * SQLite suite, which leaves this folder out.
 */
export default defineConfig({
  testDir: ".",
  outputDir: path.join(import.meta.dirname, "..", "..", "test-results", "multi-instance"),
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  // Starting two production servers and storing thousands of briefs twice takes minutes on a busy machine.
  timeout: 300_000,
  use: { trace: "retain-on-failure" },
  projects: sqliteSuite.projects,
});
