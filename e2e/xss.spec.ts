import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { XSS_PAYLOADS } from "../lib/feed/fixtures/xss-payloads";
import { briefBody, buildFeed, sampleItem } from "../lib/test/feed-builder";
import { E2E_FEED_BASE, E2E_INGEST_TOKEN } from "../playwright.config";

const FEED_FILE = "xss-feed.generated.xml";

/** Every payload in every place a brief renders HTML, and in the title, which must stay text. */
function writeHostileFeed(): void {
  const items = XSS_PAYLOADS.map((payload, index) =>
    sampleItem(`xss-${index}`, {
      title: `XSS ${index} ${payload.html}`,
      description: payload.html,
      body: briefBody({
        intro: payload.html,
        steps: [payload.html, "Second step."],
        impact: payload.html,
        recommendations: [payload.html],
      }),
      severity: "info",
      tags: ["xss_payloads"],
    }),
  );
  fs.writeFileSync(path.join(import.meta.dirname, "fixtures", FEED_FILE), buildFeed(items));
}

function watchForScripts(page: Page): string[] {
  const ran: string[] = [];
  page.on("dialog", async (dialog) => {
    ran.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return ran;
}

test("brief pages built from classic XSS payloads run none of them", async ({ page, request }) => {
  test.setTimeout(180_000);
  writeHostileFeed();
  const response = await request.post("/api/ingest", {
    headers: { authorization: `Bearer ${E2E_INGEST_TOKEN}` },
    data: { feeds: [`${E2E_FEED_BASE}/${FEED_FILE}`] },
  });
  expect(response.status()).toBe(200);
  expect((await response.json()).results).toEqual([
    expect.objectContaining({ status: "ok", created: XSS_PAYLOADS.length }),
  ]);

  const ran = watchForScripts(page);
  const paths = [
    "/?tag=xss_payloads",
    "/?tag=xss_payloads&page=2",
    "/?tag=xss_payloads&page=3",
    "/?tag=xss_payloads&page=4",
    ...XSS_PAYLOADS.map((_, index) => `/briefs/xss-${index}`),
  ];
  for (const pagePath of paths) {
    await page.goto(pagePath);
    await expect(page.getByRole("main")).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss), pagePath).toBeUndefined();
  }
  expect(ran).toEqual([]);

  // Titles are text: the payload shows as characters, not as markup.
  await page.goto("/briefs/xss-0");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`XSS 0 ${XSS_PAYLOADS[0].html}`);
});
