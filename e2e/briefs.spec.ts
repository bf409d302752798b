import { expect, test } from "@playwright/test";

// The app starts on an empty database, so it loads the bundled sample feed by itself.
const LOCKOUTS = "Entra ID Excessive Account Lockouts Detected";
const ADRS = "Entra ID ADRS Token Request by Microsoft Authentication Broker";
const FEDERATED = "Entra ID Federated Identity Credential Issuer Modified";

test("the list shows the bundled sample briefs with severity, date and tags", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Threat briefs" })).toBeVisible();
  for (const title of [LOCKOUTS, ADRS, FEDERATED]) {
    await expect(page.getByRole("link", { name: title })).toBeVisible();
  }
  const lockouts = page.getByRole("article").filter({ has: page.getByRole("link", { name: LOCKOUTS }) });
  await expect(lockouts.getByText("Severity: High")).toBeVisible();
  await expect(lockouts.getByText("22 Apr 2026")).toBeVisible();
  const tags = lockouts.getByRole("list", { name: "Tags" }).getByRole("listitem");
  await expect(tags).toHaveText(["ATT&CK tactic: Credential Access · TA0006", "Platform: Azure", "Platform: Entra ID", "Topic: Brute Force"]);
});

test("severity filters change the URL and the list, and the link reopens the same view", async ({ page, browser }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Filter by severity" }).getByRole("link", { name: /^High/ }).click();
  await expect(page).toHaveURL(/\/\?severity=high$/);
  await expect(page.getByRole("article")).toHaveCount(2);
  await expect(page.getByRole("link", { name: ADRS })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Filter by severity" }).getByRole("link", { name: /^Medium/ }).click();
  await expect(page).toHaveURL(/\/\?severity=high,medium$/);
  const shared = page.url();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(shared);
  await expect(other.getByRole("link", { name: ADRS })).toBeVisible();
  await expect(other.getByRole("link", { name: LOCKOUTS })).toBeVisible();
  await expect(other.getByRole("navigation", { name: "Filter by severity" }).locator("[aria-current=true]")).toHaveText([/^High/, /^Medium/]);
  await fresh.close();

  await page.goto("/?severity=medium");
  await expect(page.getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("link", { name: ADRS })).toBeVisible();
});

test("a brief page shows its attack chain in order and its recommendations", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: LOCKOUTS }).click();
  await expect(page).toHaveURL(/\/briefs\/2024-01-30-entra-id-lockouts$/);
  await expect(page.getByRole("heading", { level: 1, name: LOCKOUTS })).toBeVisible();

  const chain = page.getByRole("region", { name: "Attack chain" }).getByRole("listitem");
  await expect(chain).toHaveCount(8);
  await expect(chain.first()).toContainText("Initial Access:");
  await expect(chain.nth(3)).toContainText("Smart Lockout Triggered:");
  await expect(chain.last()).toContainText("Account Compromise (if successful):");

  const recommendations = page.getByRole("region", { name: "Recommendations" }).getByRole("listitem");
  await expect(recommendations).toHaveCount(5);
  await expect(recommendations.first()).toContainText("Deploy the Sigma rule “Entra ID Excessive Account Lockouts Detected”");
  await expect(page.getByRole("region", { name: "Impact" })).toContainText("widespread account compromise");
  await expect(page.getByRole("link", { name: "Read the original brief" })).toHaveAttribute("rel", "noopener noreferrer");
});

test("an unknown brief answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/briefs/no-such-brief");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to all briefs" }).click();
  await expect(page).toHaveURL(/\/$/);
});
