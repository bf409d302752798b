import { createHmac } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import Parser from "rss-parser";
import { buildFeed, sampleItem } from "../lib/test/feed-builder";
import { E2E_FEED_BASE, E2E_INGEST_TOKEN, E2E_NOTIFY_SECRET } from "../playwright.config";

// Adds briefs tagged e2e_notify; this file runs after the specs that count briefs by severity.
const FEED_FILE = "notify-feed.generated.xml";
const DECODED_TITLE = "Microsoft’s Patch Tuesday & Entra";

type Received = { target: string; headers: Record<string, string>; body: string };

async function received(request: APIRequestContext): Promise<Received[]> {
  return (await request.get(`${E2E_FEED_BASE}/hooks/received`)).json();
}

async function ingestNotifyFeed(request: APIRequestContext, items: ReturnType<typeof sampleItem>[]) {
  fs.writeFileSync(path.join(import.meta.dirname, "fixtures", FEED_FILE), buildFeed(items));
  const response = await request.post("/api/ingest", {
    headers: { authorization: `Bearer ${E2E_INGEST_TOKEN}` },
    data: { feeds: [`${E2E_FEED_BASE}/${FEED_FILE}`] },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).results[0];
}

test("a list view's Subscribe links are its RSS and JSON Feed, holding the briefs the page lists, in order", async ({
  page,
  request,
}) => {
  await page.goto("/?severity=high,critical");
  const listed = await page.getByRole("list", { name: "Briefs" }).getByRole("heading").allTextContents();
  expect(listed.length).toBeGreaterThan(0);

  const rssHref = await page.getByRole("link", { name: "RSS" }).getAttribute("href");
  expect(rssHref).toBe("/rss.xml?severity=high,critical");
  await expect(page.locator('head link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute(
    "href",
    /\/rss\.xml\?severity=high,critical$/,
  );
  await expect(page.locator('head link[rel="alternate"][type="application/feed+json"]')).toHaveAttribute(
    "href",
    /\/feed\.json\?severity=high,critical$/,
  );

  const rssResponse = await request.get(rssHref!);
  expect(rssResponse.headers()["content-type"]).toBe("application/rss+xml; charset=utf-8");
  const rss = await new Parser().parseString(await rssResponse.text());
  expect(rss.items.map((item) => item.title)).toEqual(listed);

  const jsonHref = await page.getByRole("link", { name: "JSON Feed" }).getAttribute("href");
  const json = await (await request.get(jsonHref!)).json();
  expect(json.items.map((item: { title: string }) => item.title)).toEqual(listed);

  const etag = rssResponse.headers()["etag"];
  expect((await request.get(rssHref!, { headers: { "if-none-match": etag } })).status()).toBe(304);
});

test("a new high brief reaches each matching target once, signed, and /status shows every target's deliveries", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const baseline = sampleItem("notify-baseline", { severity: "low", tags: ["entra_id", "e2e_notify"] });
  // The feed's first ingest is its backlog: nothing is sent for it.
  expect(await ingestNotifyFeed(request, [baseline])).toMatchObject({ status: "ok", created: 1 });

  const fresh = sampleItem("notify-patch-tuesday", {
    title: undefined,
    // A title as many publishers write it: entities inside CDATA.
    extraXml: "<title><![CDATA[Microsoft&#8217;s Patch Tuesday &amp; Entra]]></title>",
    severity: "high",
    pubDate: "Tue, 07 May 2024 10:00:00 +0000",
    tags: ["entra_id", "persistence", "e2e_notify"],
  });
  expect(await ingestNotifyFeed(request, [baseline, fresh])).toMatchObject({ status: "ok", created: 1 });

  // The worker polls every second: wait for the matching webhook and the refused Teams hook.
  await expect
    .poll(async () => (await received(request)).map((entry) => entry.target).sort(), { timeout: 30_000 })
    .toEqual(["gone-teams", "soc-webhook"]);
  const [hook] = (await received(request)).filter((entry) => entry.target === "soc-webhook");
  expect(hook.headers["x-signature-256"]).toBe(
    `sha256=${createHmac("sha256", E2E_NOTIFY_SECRET).update(hook.body).digest("hex")}`,
  );
  const body = JSON.parse(hook.body);
  expect(body).toMatchObject({
    event: "new",
    target: "soc-webhook",
    severity: "high",
    brief: { slug: "notify-patch-tuesday", title: DECODED_TITLE, tactics: ["Persistence"] },
  });
  expect(body.brief.url).toMatch(/\/briefs\/notify-patch-tuesday$/);
  expect(hook.headers["idempotency-key"]).toBe(body.id);

  // The title reads as written on its page and in the feeds out too.
  await page.goto("/briefs/notify-patch-tuesday");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DECODED_TITLE);
  const rss = await new Parser().parseString(await (await request.get("/rss.xml?tag=e2e_notify")).text());
  expect(rss.items.map((item) => item.title)).toEqual([DECODED_TITLE, "Brief notify-baseline"]);

  await page.goto("/status");
  const notifications = page.getByRole("region", { name: "Notifications" });
  const webhook = notifications.getByRole("region", { name: "Notification target soc-webhook" });
  await expect(webhook).toContainText("webhook to 127.0.0.1");
  await expect(webhook.getByRole("definition").nth(0)).not.toHaveText("none yet");
  await expect(webhook).toContainText("0 waiting · 1 delivered · 0 failed");
  const teams = notifications.getByRole("region", { name: "Notification target gone-teams" });
  await expect(teams.getByRole("definition").nth(1)).toContainText("HTTP 404 Not Found: no_service");
  await expect(teams).toContainText("0 waiting · 0 delivered · 1 failed");
  const slack = notifications.getByRole("region", { name: "Notification target low-slack" });
  await expect(slack).toContainText("0 waiting · 0 delivered · 0 failed");
  // Secrets are never shown: not the signing secret, not a hook's path.
  const statusText = await notifications.textContent();
  expect(statusText).not.toContain(E2E_NOTIFY_SECRET);
  expect(statusText).not.toContain("/hooks/");
});
