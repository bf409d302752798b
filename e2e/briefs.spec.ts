import { expect, test, type Page } from "@playwright/test";

// The app starts on an empty database, so it loads the bundled sample feed by itself.
const LOCKOUTS = "Entra ID Excessive Account Lockouts Detected";
const ADRS = "Entra ID ADRS Token Request by Microsoft Authentication Broker";
const FEDERATED = "Entra ID Federated Identity Credential Issuer Modified";

const briefList = (page: Page) => page.getByRole("list", { name: "Briefs" });
const severityBox = (page: Page, name: string) =>
  page.getByRole("group", { name: "Severity" }).getByRole("checkbox", { name: new RegExp(`^${name}`) });

test("the list shows the bundled sample briefs with severity, date and tags, techniques by their ATT&CK names", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Threat briefs" })).toBeVisible();
  for (const title of [LOCKOUTS, ADRS, FEDERATED]) {
    await expect(briefList(page).getByRole("link", { name: title })).toBeVisible();
  }
  const lockouts = page.getByRole("article").filter({ has: page.getByRole("link", { name: LOCKOUTS }) });
  await expect(lockouts.getByText("Severity: High")).toBeVisible();
  await expect(lockouts.getByText("22 Apr 2026")).toBeVisible();
  const tags = lockouts.getByRole("list", { name: "Tags" }).getByRole("listitem");
  // The brief's techniques are those of the rule it links to.
  await expect(tags).toHaveText([
    "ATT&CK tactic: Credential Access · TA0006 on MITRE ATT&CK",
    "ATT&CK technique: T1110 Brute Force ↗T1110 on MITRE ATT&CK",
    "ATT&CK technique: T1110.003 Password Spraying ↗T1110.003 on MITRE ATT&CK",
    "Platform: Azure",
    "Platform: Entra ID",
  ]);
});

test("a shared link to a page that no longer exists opens the last page there is", async ({ page }) => {
  await page.goto("/?severity=high&page=9");
  await expect(page).toHaveURL(/\/\?severity=high$/);
  await expect(briefList(page).getByRole("link", { name: LOCKOUTS })).toBeVisible();
  await expect(page.getByText("No briefs match these filters.")).toHaveCount(0);
});

test("choosing high and critical puts them in the URL, and that link opens the same view elsewhere", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await severityBox(page, "High").check();
  await expect(page).toHaveURL(/\/\?severity=high$/);
  await severityBox(page, "Critical").check();
  await expect(page).toHaveURL(/\/\?severity=high,critical$/);
  await expect(briefList(page).getByRole("article")).toHaveCount(2);
  await expect(page.getByRole("link", { name: ADRS })).toHaveCount(0);
  await expect(page).toHaveTitle(/^High and critical briefs/);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(page.url());
  await expect(briefList(other).getByRole("article")).toHaveCount(2);
  await expect(briefList(other).getByRole("link", { name: LOCKOUTS })).toBeVisible();
  await expect(severityBox(other, "High")).toBeChecked();
  await expect(severityBox(other, "Critical")).toBeChecked();
  await expect(severityBox(other, "Medium")).not.toBeChecked();
  await fresh.close();

  // Back and forward step through the filter changes.
  await page.goBack();
  await expect(page).toHaveURL(/\/\?severity=high$/);
  await expect(severityBox(page, "Critical")).not.toBeChecked();
  await page.goForward();
  await expect(severityBox(page, "Critical")).toBeChecked();
});

test("severity counts follow the other filters, and clearing filters brings everything back", async ({ page }) => {
  await page.goto("/?tactic=persistence");
  await expect(briefList(page).getByRole("article")).toHaveCount(2);
  await expect(severityBox(page, "High")).toHaveAccessibleName("High (1)");
  await expect(severityBox(page, "Medium")).toHaveAccessibleName("Medium (1)");
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(briefList(page).getByRole("article")).toHaveCount(3);
});

test("search finds a brief by a word that only its body holds", async ({ page }) => {
  await page.goto("/");
  // Error code 50034 appears only in the lockouts brief's attack chain, not in any title or summary.
  await page.getByRole("searchbox", { name: "Search" }).fill("50034");
  await expect(page).toHaveURL(/\/\?q=50034$/);
  await expect(briefList(page).getByRole("article")).toHaveCount(1);
  await expect(briefList(page).getByRole("link", { name: LOCKOUTS })).toBeVisible();

  await page.goto("/?q=nosuchwordanywhere");
  await expect(page.getByText("No briefs match these filters.")).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Clear filters" }).first().click();
  await expect(briefList(page).getByRole("article")).toHaveCount(3);
});

test("ATT&CK tactic chips show their IDs, link to ATT&CK, and filter the list when clicked", async ({ page }) => {
  await page.goto("/");
  for (const [name, id] of [
    ["Credential Access", "TA0006"],
    ["Persistence", "TA0003"],
    ["Privilege Escalation", "TA0004"],
  ]) {
    const attackLink = briefList(page)
      .getByRole("link", { name: `${id} on MITRE ATT&CK` })
      .first();
    await expect(attackLink).toHaveAttribute("href", `https://attack.mitre.org/tactics/${id}/`);
    await expect(
      briefList(page)
        .getByRole("link", { name: `ATT&CK tactic: ${name}`, exact: true })
        .first(),
    ).toBeVisible();
  }
  await briefList(page).getByRole("link", { name: "ATT&CK tactic: Privilege Escalation", exact: true }).click();
  await expect(page).toHaveURL(/\/\?tactic=privilege_escalation$/);
  await expect(briefList(page).getByRole("article")).toHaveCount(1);
  await expect(briefList(page).getByRole("link", { name: FEDERATED })).toBeVisible();
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Tactic: Privilege Escalation");
});

test("a brief page shows its attack chain in order, its recommendations and related briefs", async ({ page }) => {
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
  await expect(recommendations.first()).toContainText(
    "Deploy the Sigma rule “Entra ID Excessive Account Lockouts Detected”",
  );
  await expect(page.getByRole("region", { name: "Impact" })).toContainText("widespread account compromise");
  await expect(page.getByRole("region", { name: "Detection" })).toContainText(
    "Entra ID Excessive Account Lockouts Detected",
  );
  await expect(page.getByRole("link", { name: "Read the original brief" })).toHaveAttribute(
    "rel",
    "noopener noreferrer",
  );
  await expect(page.getByRole("region", { name: "Related briefs" }).getByRole("article")).toHaveCount(2);
});

test("copy link puts the brief's address on the clipboard", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/briefs/2026-06-adrs-token-request");
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `${baseURL}/briefs/2026-06-adrs-token-request`,
  );
});

test("an unknown brief answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/briefs/no-such-brief");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to all briefs" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("a bad filter value falls back instead of failing", async ({ page }) => {
  const response = await page.goto("/?severity=bogus&page=-4&sort=sideways&from=2024-13-45");
  expect(response?.status()).toBe(200);
  await expect(briefList(page).getByRole("article")).toHaveCount(3);
});
