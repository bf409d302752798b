import { defineConfig, devices } from "@playwright/test";

// E2E_PORT moves every server (it, the next two ports), so two checkouts on one machine can run their suites side by side.
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const FEED_PORT = APP_PORT + 1;
const SAMPLE_PORT = APP_PORT + 2;
export const E2E_INGEST_TOKEN = "e2e-ingest-token";
export const E2E_NOTIFY_SECRET = "e2e-notify-signing-secret";
export const E2E_FEED_BASE = `http://127.0.0.1:${FEED_PORT}`;
/** The sign-in server's one feed, written by e2e/triage.spec.ts before it asks for an ingest. */
export const E2E_TRIAGE_FEED_URL = `${E2E_FEED_BASE}/triage-feed.generated.xml`;
/** A server holding only the bundled sample feed and the bundled rules, whatever other specs ingest. */
export const E2E_SAMPLE_BASE = `http://127.0.0.1:${SAMPLE_PORT}`;
export const E2E_SAMPLE_DATABASE = "file:./data/e2e-sample.db";
/** A server with accounts (and single sign-on through the test's own OpenID provider), for the sign-in specs. */
export const E2E_AUTH_BASE = `http://127.0.0.1:${APP_PORT + 3}`;
export const E2E_AUTH_DATABASE = "file:./data/e2e-auth.db";
/** The same with PUBLIC_READ=1. */
export const E2E_PUBLIC_BASE = `http://127.0.0.1:${APP_PORT + 4}`;
export const E2E_PUBLIC_DATABASE = "file:./data/e2e-public.db";
/** Where e2e/oidc-provider.ts listens when a spec starts it. */
export const E2E_OIDC_PORT = APP_PORT + 5;
export const E2E_OIDC_ISSUER = `http://127.0.0.1:${E2E_OIDC_PORT}`;
export const E2E_ADMIN = { email: "admin@example.org", password: "copper lantern orbit meadow" };
export const E2E_OIDC_CLIENT = { id: "threat-briefs-e2e", secret: "e2e-oidc-client-secret-0123456789" };

/**
 * The settings both sign-in servers share: fresh database, the first admin from the environment, no
 * feeds unless `extra` names some; `prepare` runs before the server starts.
 */
function signInServer(port: number, database: string, extra: Record<string, string>, prepare = "") {
  const file = database.slice("file:./".length);
  return {
    command: `rm -f ${file} ${file}-wal ${file}-shm && ${prepare}npm run --silent serve`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      DATABASE_URL: database,
      FEED_URLS: "",
      INGEST_INTERVAL_MINUTES: "0",
      RULE_SOURCES: "",
      RULES_SYNC_INTERVAL_HOURS: "0",
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      INGEST_TOKEN: E2E_INGEST_TOKEN,
      ...extra,
    },
  };
}

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
    signInServer(
      APP_PORT + 3,
      E2E_AUTH_DATABASE,
      {
        SITE_URL: E2E_AUTH_BASE,
        OIDC_ISSUER: E2E_OIDC_ISSUER,
        OIDC_CLIENT_ID: E2E_OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT.secret,
        OIDC_NAME: "Test IdP",
        OIDC_ROLES_CLAIM: "groups",
        OIDC_ROLE_MAP: "admin=soc-admins,analyst=soc-analysts",
        // The throttle spec speaks for several client addresses through X-Forwarded-For.
        TRUST_PROXY_HOPS: "1",
        // e2e/triage.spec.ts changes a decided brief through this feed and reads its state-changed webhook.
        FEED_URLS: E2E_TRIAGE_FEED_URL,
        FEED_ALLOW_PRIVATE: "1",
        NOTIFY_CONFIG: "data/e2e-auth-notify.json",
        E2E_NOTIFY_SECRET,
      },
      `npx tsx e2e/notify-config.ts ${FEED_PORT} auth > data/e2e-auth-notify.json && `,
    ),
    signInServer(APP_PORT + 4, E2E_PUBLIC_DATABASE, { PUBLIC_READ: "1" }),
  ],
});
