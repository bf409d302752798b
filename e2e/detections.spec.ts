import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

// The bundled library ships one rule per Entra detection the sample feed cites.
const SAMPLE_RULES = [
  [
    "2024-01-30-entra-id-lockouts",
    "Entra ID Excessive Account Lockouts Detected",
    "entra-id-excessive-account-lockouts.yml",
  ],
  [
    "2026-06-adrs-token-request",
    "Entra ID ADRS Token Request by Microsoft Authentication Broker",
    "entra-id-adrs-token-request-by-authentication-broker.yml",
  ],
  [
    "2026-03-entra-id-federated-issuer-modified",
    "Entra ID Federated Identity Credential Issuer Modified",
    "entra-id-federated-identity-credential-issuer-modified.yml",
  ],
] as const;

for (const [slug, rule] of SAMPLE_RULES) {
  test(`the brief ${slug} shows its rule, three queries and a triage checklist`, async ({ page }) => {
    await page.goto(`/briefs/${slug}`);
    const detection = page.getByRole("region", { name: "Detection" });
    await expect(detection.getByRole("heading", { name: rule })).toBeVisible();
    await expect(detection.getByRole("region", { name: "Sigma rule" })).toContainText(`title: ${rule}`);
    const tabs = detection.getByRole("tab");
    await expect(tabs).toHaveText(["Microsoft Sentinel", "Elastic", "Splunk"]);
    for (const [index, marker] of [
      [0, /SigninLogs|AuditLogs/],
      [1, /FROM logs-azure\./],
      [2, /sourcetype=/],
    ] as const) {
      await tabs.nth(index).click();
      await expect(detection.getByRole("tabpanel")).toContainText(marker);
    }
    const steps = detection.getByRole("region", { name: "Triage steps" }).getByRole("checkbox");
    expect(await steps.count()).toBeGreaterThanOrEqual(5);
  });
}

test("query tabs switch by click and by arrow keys, and each query can be copied", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/briefs/2024-01-30-entra-id-lockouts");
  const detection = page.getByRole("region", { name: "Detection" });
  const sentinel = detection.getByRole("tab", { name: "Microsoft Sentinel" });
  await expect(sentinel).toHaveAttribute("aria-selected", "true");
  await sentinel.focus();
  await page.keyboard.press("ArrowRight");
  await expect(detection.getByRole("tab", { name: "Elastic" })).toHaveAttribute("aria-selected", "true");
  await expect(detection.getByRole("tab", { name: "Elastic" })).toBeFocused();
  await detection.getByRole("button", { name: "Copy Elastic query" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/STATS/);
  expect(copied).toBe((await detection.getByRole("tabpanel").locator("pre").textContent())!);
});

test("the downloaded rule equals the stored rule text byte for byte", async ({ page }) => {
  await page.goto("/briefs/2024-01-30-entra-id-lockouts");
  const detection = page.getByRole("region", { name: "Detection" });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    detection.getByRole("link", { name: "Download .yml" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("entra-id-excessive-account-lockouts-detected.yml");
  const downloaded = fs.readFileSync(await download.path());
  const original = fs.readFileSync(path.join("lib", "detections", "library", SAMPLE_RULES[0][2]));
  expect(downloaded.equals(original)).toBe(true);
});

test("triage ticks are kept in the browser per brief", async ({ page }) => {
  await page.goto("/briefs/2026-06-adrs-token-request");
  const checklist = page.getByRole("region", { name: "Triage steps" });
  await checklist.getByRole("checkbox").nth(0).check();
  await checklist.getByRole("checkbox").nth(2).check();
  await expect(checklist.getByText(/^2 of \d+ steps done$/)).toBeVisible();
  await page.reload();
  await expect(checklist.getByRole("checkbox").nth(0)).toBeChecked();
  await expect(checklist.getByRole("checkbox").nth(1)).not.toBeChecked();
  await expect(checklist.getByRole("checkbox").nth(2)).toBeChecked();
  // Another brief's checklist starts empty.
  await page.goto("/briefs/2024-01-30-entra-id-lockouts");
  await expect(page.getByRole("region", { name: "Triage steps" }).getByRole("checkbox").nth(0)).not.toBeChecked();
});

test("the detections index filters by level in the URL and opens a rule page", async ({ page }) => {
  await page.goto("/detections");
  const levels = page.getByRole("table").getByRole("row").locator("td:nth-child(2)");
  await expect(levels).toContainText(["medium", "low"]);
  await page.getByRole("navigation", { name: "Filter by level" }).getByRole("link", { name: "high" }).click();
  await expect(page).toHaveURL(/\/detections\?level=high$/);
  expect(new Set(await levels.allTextContents())).toEqual(new Set(["high"]));
  await page.getByRole("link", { name: "Entra ID Federated Identity Credential Issuer Modified" }).click();
  await expect(page.getByRole("heading", { name: "Briefs that point to this rule" })).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Entra ID Federated Identity Credential Issuer Modified" }).last(),
  ).toHaveAttribute("href", "/briefs/2026-03-entra-id-federated-issuer-modified");
});

test("a rule no SIEM query can express says so in every tab instead of showing a wrong query", async ({ page }) => {
  await page.goto("/detections/5b7c1f0e-2d4a-4c3b-9e8f-7a6d5c4b3a21");
  const panel = page.getByRole("region", { name: "SIEM queries" });
  for (const tab of ["Microsoft Sentinel", "Elastic", "Splunk"]) {
    await panel.getByRole("tab", { name: tab }).click();
    await expect(panel.getByRole("tabpanel")).toContainText(/No .* query: .*base64offset/);
    await expect(panel.getByRole("tabpanel").locator("pre")).toHaveCount(0);
  }
});

test("an imported Elastic rule shows its investigation steps as triage steps and its own query", async ({ page }) => {
  await page.goto("/detections/f3b3549b-8fc4-4c2a-93e5-fb394deac29d");
  const steps = page.getByRole("region", { name: "Triage steps" }).getByRole("listitem");
  await expect(steps.first()).toContainText("Group the failures by source.ip");
  await expect(steps.first()).toContainText("Fields: source.ip, azure.signinlogs.properties.user_principal_name");
  const panel = page.getByRole("region", { name: "SIEM queries" });
  await panel.getByRole("tab", { name: "Elastic" }).click();
  await expect(panel.getByRole("tabpanel").locator("pre")).not.toBeEmpty();
  await expect(page.getByText(/Imported Elastic rule/)).toBeVisible();
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`detection pages have no axe violations in ${colorScheme} mode`, async ({ page }) => {
    // Axe over several large pages takes about 30 s on a busy two-core machine.
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme });
    for (const path of [
      "/briefs/2024-01-30-entra-id-lockouts",
      "/detections",
      "/detections/5b7c1f0e-2d4a-4c3b-9e8f-7a6d5c4b3a21",
    ]) {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map(
          (violation) => `${path} ${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
        ),
      ).toEqual([]);
    }
  });
}
