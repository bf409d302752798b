import { expect, test } from "@playwright/test";
import { E2E_FEED_BASE, E2E_INGEST_TOKEN } from "../playwright.config";

const FIXTURE_TITLE = "OAuth Consent Grant to Unverified Multi-Tenant App";

test("POST /api/ingest refuses a missing or wrong token", async ({ request }) => {
  const missing = await request.post("/api/ingest");
  expect(missing.status()).toBe(401);
  expect(await missing.json()).toEqual({ error: "Missing or wrong bearer token." });
  const wrong = await request.post("/api/ingest", { headers: { authorization: "Bearer not-the-token" } });
  expect(wrong.status()).toBe(401);
});

test("POST /api/ingest with the token ingests the configured feed and records the run", async ({ request, page }) => {
  // Seen before the ingest, so the server keeps this page: the ingest must make it show the new brief.
  await page.goto("/?severity=low");
  await expect(page.getByRole("link", { name: FIXTURE_TITLE })).toHaveCount(0);

  const response = await request.post("/api/ingest", {
    headers: { authorization: `Bearer ${E2E_INGEST_TOKEN}` },
    data: { feeds: [`${E2E_FEED_BASE}/extra-feed.xml`] },
  });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.ok).toBe(true);
  expect(body.results).toEqual([expect.objectContaining({ status: "ok", seen: 1 })]);

  const health = await (await request.get("/api/health")).json();
  const feed = health.feeds.find((entry: { url: string }) => entry.url.endsWith("/extra-feed.xml"));
  expect(feed.lastRun).toMatchObject({ trigger: "api", status: "ok", seen: 1 });

  await page.goto("/status");
  await expect(
    page
      .getByRole("table", { name: /extra-feed\.xml/ })
      .getByRole("row")
      .nth(1),
  ).toContainText("api");

  // The fixture carries a script in its body: the page shows the brief and the script never runs.
  await page.goto("/?severity=low");
  await page.getByRole("link", { name: FIXTURE_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: FIXTURE_TITLE })).toBeVisible();
  await expect(page.getByRole("region", { name: "Attack chain" }).getByRole("listitem")).toHaveCount(3);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();

  // The brief cites a rule the library does not have: it names it and says how to add one.
  const detection = page.getByRole("region", { name: "Detection" });
  await expect(detection).toContainText(
    "cites the Sigma rule “Entra ID Consent to Unverified Multi-Tenant App”, not in this dashboard's library yet",
  );
  await expect(detection).toContainText("npm run rules:sync");
});

test("POST /api/ingest rejects a feed that is not configured", async ({ request }) => {
  const response = await request.post("/api/ingest", {
    headers: { authorization: `Bearer ${E2E_INGEST_TOKEN}` },
    data: { feeds: ["https://elsewhere.example.org/feed.xml"] },
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toMatch(/Not a configured feed/);
});

test("POST /api/ingest is rate-limited per client and says when to retry", async ({ request }) => {
  const statuses: number[] = [];
  let retryAfter: string | undefined;
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const response = await request.post("/api/ingest", {
      headers: { authorization: "Bearer guess-" + attempt, "x-forwarded-for": "198.51.100.23" },
    });
    statuses.push(response.status());
    if (response.status() === 429) retryAfter = response.headers()["retry-after"];
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(statuses.slice(10)).toEqual([429, 429]);
  expect(Number(retryAfter)).toBeGreaterThan(0);
});
