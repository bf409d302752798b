import { defineConfig, devices } from "@playwright/test";

// E2E_PORT moves every server (it, the next two ports), so two checkouts on one machine can run their suites side by side.
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const FEED_PORT = APP_PORT + 1;
const SAMPLE_PORT = APP_PORT + 2;
export const E2E_INGEST_TOKEN = "e2e-ingest-token";
export const E2E_NOTIFY_SECRET = "e2e-notify-signing-secret";
export const E2E_FEED_BASE = `http://127.0.0.1:${FEED_PORT}`;
/** A server holding only the bundled sample feed and the bundled rules, whatever other specs ingest. */
export const E2E_SAMPLE_BASE = `http://127.0.0.1:${SAMPLE_PORT}`;
export const E2E_SAMPLE_DATABASE = "file:./data/e2e-sample.db";

/**
 * Runs the built app with `next start` on its own database (recreated for every run) and a local
 * feed server, against Debian's Chromium: Playwright's own browser download is unavailable here.
 * A second app server keeps the sample alone, for specs that count what the sample gives.
 */
export default defineConfig({
  testDir: "e2e",
  // Several servers on one PostgreSQL database: a suite of its own (`npm run test:e2e:postgresql`).
  testIgnore: "**/multi-instance/**",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `npx tsx e2e/feed-server.ts ${FEED_PORT}`,
      url: `http://127.0.0.1:${FEED_PORT}/health`,
      reuseExistingServer: false,
    },
    {
      // Imported rules first (a Sigma rule no SIEM can express, and Elastic rules), then the app,
      // which loads the sample feed and the bundled rules on start.
      command:
        `rm -f data/e2e.db data/e2e.db-wal data/e2e.db-shm && npx tsx e2e/notify-config.ts ${FEED_PORT} > data/e2e-notify.json && ` +
        "npm run --silent rules:import -- e2e/fixtures/rules lib/detections/importers/fixtures/elastic/azure && npm run --silent serve",
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        PORT: String(APP_PORT),
        DATABASE_URL: "file:./data/e2e.db",
        // The hostile feed is written by e2e/xss.spec.ts, the notified one by e2e/subscriptions.spec.ts, before they ask for an ingest.
        FEED_URLS: `${E2E_FEED_BASE}/extra-feed.xml,${E2E_FEED_BASE}/xss-feed.generated.xml,${E2E_FEED_BASE}/notify-feed.generated.xml`,
        FEED_ALLOW_PRIVATE: "1",
        INGEST_TOKEN: E2E_INGEST_TOKEN,
        INGEST_INTERVAL_MINUTES: "0",
        // Rule libraries come from the fixture archives on the feed server, synced by e2e/rule-sync.spec.ts.
        RULE_SOURCES: `sigmahq=${E2E_FEED_BASE}/sigmahq.zip,elastic=${E2E_FEED_BASE}/elastic.tar.gz`,
        RULES_SYNC_INTERVAL_HOURS: "0",
        // Notification targets post to the feed server's /hooks/ (see e2e/notify-config.ts).
        NOTIFY_CONFIG: "data/e2e-notify.json",
        E2E_NOTIFY_SECRET,
      },
    },
    {
      command: "rm -f data/e2e-sample.db data/e2e-sample.db-wal data/e2e-sample.db-shm && npm run --silent serve",
      url: `${E2E_SAMPLE_BASE}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        PORT: String(SAMPLE_PORT),
        DATABASE_URL: E2E_SAMPLE_DATABASE,
        FEED_URLS: "",
        INGEST_INTERVAL_MINUTES: "0",
        RULE_SOURCES: "",
        RULES_SYNC_INTERVAL_HOURS: "0",
      },
    },
  ],
});
