import { expect, test } from "@playwright/test";

const PAGES = [
  "/",
  "/?severity=high",
  "/briefs/2024-01-30-entra-id-lockouts",
  "/briefs/no-such-brief",
  "/no-such-page",
  "/overview",
  "/detections",
  "/status",
];

test("every page carries a nonce-based Content-Security-Policy and the other security headers", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const response = await request.get(path);
    const headers = response.headers();
    const policy = headers["content-security-policy"] ?? "";
    expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(policy, path).toContain("object-src 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-powered-by"], path).toBeUndefined();
    nonces.add(/'nonce-([^']+)'/.exec(policy)![1]);
    // Next's own inline scripts carry the nonce; nothing else inline may run.
    const html = await response.text();
    for (const script of html.match(/<script\b[^>]*>/g) ?? []) expect(script, path).toMatch(/nonce="[^"]+"/);
  }
  expect(nonces.size).toBe(PAGES.length);
});

test("API responses carry the security headers too", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["x-frame-options"]).toBe("DENY");
});

test("pages run under the policy without violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/");
  await page.getByRole("group", { name: "Severity" }).getByRole("checkbox", { name: /^High/ }).click();
  await expect(page).toHaveURL(/severity=high/);
  await page.goto("/briefs/2024-01-30-entra-id-lockouts");
  await page.getByRole("region", { name: "Detection" }).getByRole("tab", { name: "Splunk" }).click();
  await expect(page.getByRole("region", { name: "Detection" }).getByRole("tab", { name: "Splunk" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  expect(violations).toEqual([]);
});
