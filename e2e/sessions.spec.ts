import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_AUTH_BASE, E2E_AUTH_DATABASE } from "../playwright.config";
import { createUser, signedInContext, signedOutContext, USER_PASSWORD } from "./auth-helpers";

// Several browsers sign in per test, each sign-in hashing a password on a busy machine.
test.describe.configure({ mode: "serial", timeout: 90_000 });
test.use({ baseURL: E2E_AUTH_BASE });

async function signIn(page: Page, email: string, password = USER_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

function databaseFile(): string {
  return E2E_AUTH_DATABASE.slice("file:".length);
}

function makeToken(email: string, args: string[]): string {
  const result = spawnSync("npm", ["run", "--silent", "tokens:create", "--", "--email", email, ...args], {
    env: { ...process.env, DATABASE_URL: E2E_AUTH_DATABASE },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`tokens:create failed: ${result.stderr}`);
  return result.stdout.trim();
}

test.beforeAll(() => {
  createUser(E2E_AUTH_DATABASE, "cache-viewer@example.org", "viewer");
  createUser(E2E_AUTH_DATABASE, "guard-viewer@example.org", "viewer");
  createUser(E2E_AUTH_DATABASE, "token-analyst@example.org", "analyst");
});

test("warm cache: a page a user saw is not served once they sign out, and each role gets its own header", async ({
  page,
  browser,
}) => {
  const url = "/?severity=high,medium";
  await signIn(page, "cache-viewer@example.org");
  for (let i = 0; i < 2; i++) await page.goto(url);
  const again = await page.request.get(url);
  expect(again.headers()["x-page-cache"]).toBe("hit");
  expect(await again.text()).toContain("cache-viewer");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const afterSignOut = await page.request.get(url, { maxRedirects: 0 });
  expect(afterSignOut.status()).toBe(307);
  expect(afterSignOut.headers()["x-page-cache"]).toBeUndefined();

  // The same URL, warm in the cache for the viewer, for an admin: the admin's own header.
  const adminContext = await browser.newContext({ baseURL: E2E_AUTH_BASE });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, E2E_ADMIN.email, E2E_ADMIN.password);
  await adminPage.goto(url);
  await expect(adminPage.getByRole("link", { name: /\(Admin\)/ })).toBeVisible();
  await expect(adminPage.getByRole("link", { name: "Admin", exact: true })).toBeVisible();
  const adminAgain = await adminPage.request.get(url);
  expect(adminAgain.headers()["x-page-cache"]).toBe("hit");
  expect(await adminAgain.text()).not.toContain("cache-viewer");
  const viewer = await signedInContext(E2E_AUTH_BASE, "cache-viewer@example.org");
  const viewerPage = await viewer.get(url);
  expect(await viewerPage.text()).toContain("cache-viewer");
  expect(await viewerPage.text()).not.toContain('href="/admin/users"');
  await viewer.dispose();
  await adminContext.close();
});

// The server trusts one proxy hop (TRUST_PROXY_HOPS=1), so each test below guesses from an address of
// its own, and the other specs' sign-ins from 127.0.0.1 are never throttled by them.
const from = (address: string) => ({ origin: E2E_AUTH_BASE, "x-forwarded-for": address });

test("the sixth wrong password within 15 minutes answers 429, and each attempt is in the audit", async () => {
  createUser(E2E_AUTH_DATABASE, "guessed@example.org", "viewer");
  const context = await signedOutContext(E2E_AUTH_BASE);
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    // From six addresses: the count is per account.
    const response = await context.post("/api/auth/sign-in/email", {
      headers: from(`198.51.100.${10 + i}`),
      data: { email: "guessed@example.org", password: `wrong guess number ${i}` },
    });
    statuses.push(response.status());
    if (response.status() === 429) expect(Number(response.headers()["retry-after"])).toBeGreaterThan(800);
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  // The right password waits too, until the window passes.
  const right = await context.post("/api/auth/sign-in/email", {
    headers: from("198.51.100.99"),
    data: { email: "guessed@example.org", password: USER_PASSWORD },
  });
  expect(right.status()).toBe(429);

  // One address guessing across accounts is stopped the same way.
  const perAddress: number[] = [];
  for (let i = 0; i < 6; i++) {
    const response = await context.post("/api/auth/sign-in/email", {
      headers: from("203.0.113.66"),
      data: { email: `nobody${i}@example.org`, password: "wrong guess" },
    });
    perAddress.push(response.status());
  }
  expect(perAddress).toEqual([401, 401, 401, 401, 401, 429]);
  await context.dispose();

  const admin = await signedInContext(E2E_AUTH_BASE, E2E_ADMIN.email, E2E_ADMIN.password);
  const audit = await (await admin.get("/admin/audit?action=sign-in&actor=guessed%40example.org")).text();
  expect(audit).toContain("7 events");
  expect(audit.match(/<td class="py-1">failure<\/td>/g)).toHaveLength(5);
  expect(audit.match(/<td class="py-1">denied<\/td>/g)).toHaveLength(2);
  await admin.dispose();
});

test("a disabled user's open session stops on its next request", async ({ page, browser }) => {
  await signIn(page, "guard-viewer@example.org");
  await page.goto("/overview");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  const adminContext = await browser.newContext({ baseURL: E2E_AUTH_BASE });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, E2E_ADMIN.email, E2E_ADMIN.password);
  await adminPage.goto("/admin/users");
  const row = adminPage.getByRole("row").filter({ hasText: "guard-viewer@example.org" });
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(adminPage.getByRole("status")).toContainText("User disabled");
  await adminContext.close();

  await page.goto("/overview");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Foverview/);
  const again = await signedOutContext(E2E_AUTH_BASE);
  const refused = await again.post("/api/auth/sign-in/email", {
    headers: { origin: E2E_AUTH_BASE },
    data: { email: "guard-viewer@example.org", password: USER_PASSWORD },
  });
  expect(refused.status()).toBe(403);
  await again.dispose();
});

test("API tokens: the right scope works, a wrong scope is 403, revoked or expired is 401, each audited", async () => {
  const reader = makeToken("token-analyst@example.org", ["--scopes", "read", "--days", "30"]);
  const api = await signedOutContext(E2E_AUTH_BASE);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const feed = await api.get("/rss.xml", { headers: bearer(reader) });
  expect(feed.status()).toBe(200);
  expect(feed.headers()["cache-control"]).toBe("private, no-cache");
  expect((await api.get("/status", { headers: bearer(reader) })).status()).toBe(200);
  expect((await api.post("/api/ingest", { headers: bearer(reader) })).status()).toBe(403);
  expect((await api.get("/admin/users", { headers: bearer(reader) })).status()).toBe(403);

  const ingester = makeToken("token-analyst@example.org", ["--scopes", "ingest", "--days", "1"]);
  expect((await api.get("/rss.xml", { headers: bearer(ingester) })).status()).toBe(403);

  // A feed token works in the feed's URL, and nowhere else.
  const feedToken = makeToken("token-analyst@example.org", ["--feed", "--days", "365"]);
  const fromReader = await api.get(`/feed.json?severity=high&token=${feedToken}`);
  expect(fromReader.status()).toBe(200);
  expect(fromReader.headers()["cache-control"]).toBe("private, no-cache");
  expect((await api.get(`/coverage.csv?token=${feedToken}`)).status()).toBe(403);
  // A personal token is never taken from a URL.
  expect((await api.get(`/rss.xml?token=${reader}`)).status()).toBe(401);

  const database = new Database(databaseFile());
  try {
    database
      .prepare(`UPDATE "ApiToken" SET "revokedAt" = ? WHERE "scopes" = 'ingest'`)
      .run(new Date().toISOString().replace("Z", "+00:00"));
    database
      .prepare(`UPDATE "ApiToken" SET "expiresAt" = ? WHERE "scopes" = 'feed'`)
      .run(new Date(Date.now() - 60_000).toISOString().replace("Z", "+00:00"));
  } finally {
    database.close();
  }
  expect((await api.get("/rss.xml", { headers: bearer(ingester) })).status()).toBe(401);
  expect((await api.get(`/feed.json?token=${feedToken}`)).status()).toBe(401);

  const admin = await signedInContext(E2E_AUTH_BASE, E2E_ADMIN.email, E2E_ADMIN.password);
  const refusals = await (await admin.get("/admin/audit?action=token.refused")).text();
  expect(refusals).toContain("&quot;reason&quot;:&quot;revoked&quot;");
  expect(refusals).toContain("&quot;reason&quot;:&quot;expired&quot;");
  const denied = await (await admin.get("/admin/audit?action=access&actor=token-analyst")).text();
  expect(denied).toContain("&quot;via&quot;:&quot;token&quot;");
  await admin.dispose();
  await api.dispose();
});

test("changing a user's role ends their sessions at once", async ({ page, browser }) => {
  createUser(E2E_AUTH_DATABASE, "promoted@example.org", "viewer");
  await signIn(page, "promoted@example.org");
  const adminContext = await browser.newContext({ baseURL: E2E_AUTH_BASE });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, E2E_ADMIN.email, E2E_ADMIN.password);
  await adminPage.goto("/admin/users");
  const row = adminPage.getByRole("row").filter({ hasText: "promoted@example.org" });
  await row.getByLabel("Role of promoted@example.org").selectOption("analyst");
  await row.getByRole("button", { name: "Set", exact: true }).click();
  await expect(adminPage.getByRole("status")).toContainText("Role changed");
  await adminContext.close();

  await page.goto("/status");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstatus/);
  await signIn(page, "promoted@example.org");
  await page.goto("/status");
  await expect(page.getByRole("link", { name: /promoted \(Analyst\)/ })).toBeVisible();
});
