import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { csvRecords } from "../lib/test/csv";
import { briefBody, buildFeed, sampleItem } from "../lib/test/feed-builder";
import { E2E_SAMPLE_BASE, E2E_SAMPLE_DATABASE } from "../playwright.config";

// The sample feed and the bundled rules alone: three Entra ID briefs, each linked to its rule.
test.use({ baseURL: E2E_SAMPLE_BASE });

const LOCKOUTS = "Entra ID Excessive Account Lockouts Detected";
const ADRS = "Entra ID ADRS Token Request by Microsoft Authentication Broker";
const GAP_FEED = path.join("e2e", "fixtures", "coverage-gap.generated.xml");
const GAP_BRIEF = "Entra ID MFA Push Bombing Against Administrators";

/** A high brief of this week citing T1621, which no bundled rule detects, ingested by the command line. */
function ingestGapBrief(): void {
  const pubDate = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toUTCString();
  const body = briefBody({
    intro: "Repeated MFA pushes until an administrator accepts one (T1621).",
    steps: ["Spray.", "Push."],
    impact: "Takeover.",
    recommendations: ["Use number matching."],
  });
  fs.writeFileSync(
    GAP_FEED,
    buildFeed([
      sampleItem("2026-mfa-push-bombing", {
        title: GAP_BRIEF,
        pubDate,
        body,
        severity: "high",
        tags: ["entra_id", "credential_access"],
      }),
    ]),
  );
  const result = spawnSync("npm", ["run", "--silent", "ingest", "--", "--file", GAP_FEED], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: E2E_SAMPLE_DATABASE },
  });
  expect(result.status, result.stderr).toBe(0);
}

function cell(page: Page, tactic: string, technique: string) {
  return page
    .getByRole("region", { name: new RegExp(`^${tactic} `) })
    .locator(`li[data-technique="${technique}"]`)
    .first();
}

/** Techniques whose cells have briefs, as the page shows them. */
async function techniquesWithBriefs(page: Page): Promise<string[]> {
  const ids = await page
    .locator("[data-coverage-matrix] li[data-technique]")
    .evaluateAll((cells) =>
      cells
        .filter((item) => item.querySelector(":scope > p a[aria-label*='describing']"))
        .map((item) => item.getAttribute("data-technique")!),
    );
  return [...new Set(ids)].sort();
}

test("/coverage shows T1110.003 Password Spraying under Credential Access with 1 brief and 1 rule, linking to both", async ({
  page,
}) => {
  await page.goto("/coverage");
  const spraying = cell(page, "Credential Access", "T1110.003");
  await expect(spraying).toContainText("T1110.003 Password Spraying");
  await expect(spraying.getByRole("link", { name: "1 brief describing T1110.003 Password Spraying" })).toBeVisible();
  await expect(spraying.getByRole("link", { name: "1 rule detecting T1110.003 Password Spraying" })).toBeVisible();
  await expect(spraying).toContainText("Severity: High");
  await expect(spraying).not.toContainText("Gap");

  await spraying.getByRole("link", { name: /^1 brief/ }).click();
  await expect(page).toHaveURL(/\/\?tag=t1110\.003$/);
  await expect(page.getByRole("list", { name: "Briefs" }).getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("link", { name: LOCKOUTS })).toBeVisible();
  await expect(page.getByRole("link", { name: /ATT&CK technique: T1110\.003 Password Spraying/ })).toBeVisible();

  await page.goBack();
  await cell(page, "Credential Access", "T1110.003")
    .getByRole("link", { name: /^1 rule/ })
    .click();
  await expect(page).toHaveURL(/\/detections\?technique=T1110\.003$/);
  await expect(page.getByRole("table").getByRole("link", { name: LOCKOUTS })).toBeVisible();
});

test("the list's filters narrow the matrix and stay in the URL: ?severity=medium leaves the ADRS brief's techniques", async ({
  page,
}) => {
  await page.goto("/coverage");
  await page
    .getByRole("search", { name: "Filter briefs" })
    .getByRole("checkbox", { name: /Medium/ })
    .check();
  await expect(page).toHaveURL(/\/coverage\?severity=medium$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ATT&CK coverage — Medium briefs");
  expect(await techniquesWithBriefs(page)).toEqual(["T1098", "T1098.005"]);
  const registration = cell(page, "Persistence", "T1098.005");
  await expect(registration).toContainText("T1098.005 Device Registration");
  await registration.getByRole("link", { name: /^1 brief/ }).click();
  await expect(page).toHaveURL(/\/\?severity=medium&tag=t1098\.005$/);
  await expect(page.getByRole("list", { name: "Briefs" }).getByRole("link", { name: ADRS })).toBeVisible();
  await expect(page.getByRole("list", { name: "Briefs" }).getByRole("article")).toHaveCount(1);
});

test("a technique with briefs and no rule is marked as a gap and leads the overview's top uncovered techniques", async ({
  page,
}) => {
  ingestGapBrief();
  await page.goto("/coverage");
  const gap = cell(page, "Credential Access", "T1621");
  await expect(gap).toContainText("T1621 Multi-Factor Authentication Request Generation");
  await expect(gap).toContainText("Gap: no rule");
  await expect(gap).toContainText("0 rules");
  await expect(cell(page, "Credential Access", "T1110.003")).not.toContainText("Gap");

  await page.goto("/overview");
  const uncovered = page.getByRole("region", { name: "Top uncovered techniques" });
  // It counts deployed rules, and none is deployed here: T1621 is among the techniques no team rule detects.
  await expect(
    uncovered.getByRole("listitem").filter({ hasText: "T1621 Multi-Factor Authentication Request Generation" }),
  ).toHaveCount(1);
  await uncovered.getByRole("link", { name: "1 brief: T1621 Multi-Factor Authentication Request Generation" }).click();
  await expect(page).toHaveURL(/\/\?severity=critical,high&tag=t1621&from=\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByRole("list", { name: "Briefs" }).getByRole("link", { name: GAP_BRIEF })).toBeVisible();
});

test("the exports hold the page's view: a Navigator layer per subject, and a CSV that parses back to the page's counts", async ({
  page,
  request,
}) => {
  await page.goto("/coverage?severity=high");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "ATT&CK Navigator layer of briefs" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("attack-layer-briefs-high-briefs.json");
  const layer = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  expect(layer).toMatchObject({ domain: "enterprise-attack", versions: { attack: "18", layer: "4.5" } });
  expect(layer.techniques).toContainEqual(
    expect.objectContaining({
      techniqueID: "T1110.003",
      tactic: "credential-access",
      score: 1,
      comment: `1 brief: “${LOCKOUTS}”`,
    }),
  );

  const rules = await request.get("/coverage/layer.json?severity=high&of=rules");
  expect(rules.headers()["content-disposition"]).toBe('attachment; filename="attack-layer-rules-high-briefs.json"');
  expect(await request.get("/coverage/layer.json?of=detections").then((response) => response.status())).toBe(400);

  const csv = await request.get("/coverage.csv?severity=high");
  expect(csv.headers()["content-disposition"]).toBe('attachment; filename="attack-coverage-high-briefs.csv"');
  const fromCsv = csvRecords(await csv.text()).map((row) => [
    `${row.technique_id} ${row.technique_name}`,
    row.briefs,
    row.rules,
  ]);
  await page.getByText("Coverage as a table").click();
  const table = page.getByRole("table", { name: "Coverage by technique" });
  const fromPage = await table.locator("tbody tr").evaluateAll((rows) =>
    rows.map((row) => [
      row.querySelector("th")!.textContent.trim(),
      ...[...row.querySelectorAll("td")]
        .slice(1, 4)
        .filter((_, index) => index !== 1)
        .map((cell) => cell.textContent.trim()),
    ]),
  );
  expect(fromCsv.length).toBeGreaterThan(0);
  expect(new Set(fromCsv.map((row) => row.join("|")))).toEqual(new Set(fromPage.map((row) => row.join("|"))));
});

/** Tabs through the matrix, opening closed sub-technique lists on the way; returns the cells focus reached. */
async function tabThroughMatrix(page: Page): Promise<Set<string>> {
  const reached = new Set<string>();
  await page.getByRole("navigation", { name: "Matrix view" }).getByRole("link").last().focus();
  for (let step = 0; step < 2000; step += 1) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const element = document.activeElement;
      const item = element?.closest("li[data-technique]");
      const summary = element?.tagName === "SUMMARY" ? (element.parentElement as HTMLDetailsElement) : null;
      return {
        inMatrix: !!element?.closest("[data-coverage-matrix]"),
        cell: item ? `${item.getAttribute("data-tactic")}/${item.getAttribute("data-technique")}` : null,
        closed: summary ? !summary.open : false,
      };
    });
    if (!focus.inMatrix && reached.size) break;
    if (focus.cell) reached.add(focus.cell);
    if (focus.closed) await page.keyboard.press("Enter");
  }
  return reached;
}

for (const view of ["/coverage", "/coverage?matrix=identity-provider"]) {
  test(`the keyboard reaches every cell of ${view}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(view);
    const reached = await tabThroughMatrix(page);
    const cells = await page
      .locator("[data-coverage-matrix] li[data-technique]")
      .evaluateAll((items) =>
        items.map((item) => `${item.getAttribute("data-tactic")}/${item.getAttribute("data-technique")}`),
      );
    expect(cells.length).toBeGreaterThan(view.includes("matrix") ? 40 : 5);
    expect([...reached].sort()).toEqual([...new Set(cells)].sort());
  });
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`coverage pages have no axe violations in ${colorScheme} mode`, async ({ page }) => {
    // Axe over several large pages takes about 30 s on a busy two-core machine.
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme });
    for (const view of ["/coverage", "/coverage?severity=high", "/coverage?matrix=cloud", "/overview"]) {
      await page.goto(view);
      const twin = page.getByText("Coverage as a table");
      if (await twin.count()) await twin.click();
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map(
          (violation) => `${view} ${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
        ),
      ).toEqual([]);
    }
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  for (const [view, active, first] of [
    ["/?severity=high&tactic=persistence", "2 active", "list"],
    ["/coverage?severity=high", "1 active", "matrix"],
  ] as const) {
    test(`${view} folds its filters behind a Filters control, so the ${first} starts on the first screen`, async ({
      page,
    }) => {
      await page.goto(view);
      const toggle = page.getByRole("button", { name: /^Filters/ });
      await expect(toggle).toHaveText(new RegExp(`Filters${active}`));
      await expect(toggle).toHaveAttribute("aria-expanded", "false");
      await expect(page.getByRole("search", { name: "Filter briefs" })).toBeHidden();
      const firstItem =
        first === "list"
          ? page.getByRole("list", { name: "Briefs" }).getByRole("article").first()
          : page.locator("[data-coverage-matrix] li[data-technique]").first();
      const box = (await firstItem.boundingBox())!;
      expect(box.y).toBeLessThan(844 - 40);

      await toggle.click();
      await expect(page.getByRole("search", { name: "Filter briefs" })).toBeVisible();
      await page
        .getByRole("search", { name: "Filter briefs" })
        .getByRole("checkbox", { name: /Medium/ })
        .check();
      await expect(page).toHaveURL(/severity=high,medium/);
    });
  }
});
