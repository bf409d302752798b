import { expect, test } from "@playwright/test";

test("the overview counts briefs by severity and each number opens the filtered list", async ({ page }) => {
  await page.goto("/overview");
  const bySeverity = page.getByRole("region", { name: "Briefs by severity" });
  const highRow = bySeverity.getByRole("row").filter({ hasText: "Severity: High" });
  await expect(highRow.getByRole("cell").first()).toHaveText("2");
  await expect(
    bySeverity.getByRole("row").filter({ hasText: "Severity: Medium" }).getByRole("cell").first(),
  ).toHaveText("1");

  await page
    .getByRole("region", { name: "Briefs per week, up to the week of the newest brief" })
    .getByText("Briefs per week as a table")
    .click();
  const weeks = page.getByRole("region", { name: /Briefs per week/ }).getByRole("table");
  await expect(weeks.getByRole("row").filter({ hasText: "20 Apr" }).getByRole("link")).toHaveText("1");

  await page
    .getByRole("region", { name: "Top ATT&CK tactics" })
    .getByRole("link", { name: "2 briefs: Persistence" })
    .click();
  await expect(page).toHaveURL(/\/\?tactic=persistence$/);
  await expect(page.getByRole("list", { name: "Briefs" }).getByRole("article")).toHaveCount(2);

  await page.goto("/overview");
  await highRow.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/\?severity=high$/);
});

test("the weekly chart has a count axis from 0 and each week's total over its bar, as the table says", async ({
  page,
}) => {
  await page.goto("/overview");
  const chart = page.getByRole("region", { name: /Briefs per week/ });
  const ticks = (await chart.locator('[data-chart="axis-tick"] text').allTextContents()).map(Number);
  const totals = (await chart.locator('[data-chart="week-total"]').allTextContents()).map(Number);
  await chart.getByText("Briefs per week as a table").click();
  const tableTotals = (await chart.getByRole("table").locator("tbody tr td:last-child").allTextContents()).map(Number);
  expect(ticks[0]).toBe(0);
  expect(ticks.at(-1)).toBeGreaterThanOrEqual(Math.max(...tableTotals));
  // A week with one brief no longer fills the chart on its own: the axis says what the height means.
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(totals).toEqual(tableTotals.filter((total) => total > 0));
});

test("the theme toggle switches to dark and the choice survives a reload", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/overview");
  const background = () => page.locator("body").evaluate((body) => getComputedStyle(body).backgroundColor);
  const lightBackground = await background();
  const toggle = page.getByRole("button", { name: /^Theme:/ });
  await expect(toggle).toHaveText("Theme: System");
  await toggle.click();
  await expect(toggle).toHaveText("Theme: Light");
  await toggle.click();
  await expect(toggle).toHaveText("Theme: Dark");
  await expect(page.locator("html")).toHaveClass("dark");
  await page.reload();
  await expect(page.locator("html")).toHaveClass("dark");
  expect(await background()).not.toBe(lightBackground);
});
