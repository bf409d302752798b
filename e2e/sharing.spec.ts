import { expect, test } from "@playwright/test";

test("a brief page carries a canonical link and Open Graph and Twitter metadata with a preview image that renders", async ({
  page,
  request,
  baseURL,
}) => {
  await page.goto("/briefs/2024-01-30-entra-id-lockouts");
  const meta = (selector: string) => page.locator(selector).getAttribute("content");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
    "href",
    `${baseURL}/briefs/2024-01-30-entra-id-lockouts`,
  );
  expect(await meta('meta[property="og:title"]')).toBe("Entra ID Excessive Account Lockouts Detected");
  expect(await meta('meta[property="og:description"]')).toMatch(
    /^High severity\. A high volume of failed Microsoft Entra ID sign-in attempts/,
  );
  expect(await meta('meta[name="twitter:card"]')).toBe("summary_large_image");

  const image = await meta('meta[property="og:image"]');
  expect(image).toMatch(new RegExp(`^${baseURL}/briefs/2024-01-30-entra-id-lockouts/opengraph-image`));
  const response = await request.get(image!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  const png = await response.body();
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  expect(png.readUInt32BE(16)).toBe(1200);
  expect(png.readUInt32BE(20)).toBe(630);
});

test("a filtered list's title describes the filter", async ({ page }) => {
  await page.goto("/?severity=high,critical&tactic=credential_access");
  await expect(page).toHaveTitle("High and critical briefs — Credential Access — Threat Briefs");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("High and critical briefs — Credential Access");
});
