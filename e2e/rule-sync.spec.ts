import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { E2E_FEED_BASE } from "../playwright.config";

const RULE_BRIEF = {
  slug: "2026-12-device-code-unfamiliar-client",
  title: "Entra ID Device Code Sign-In From an Unfamiliar Client",
};
const NO_RULE_BRIEF = "Entra ID Guest Invitations From a New Tenant";
const EQL_BRIEF = {
  slug: "2026-12-device-code-then-registration",
  title: "Entra ID Device Code Sign-In Then Device Registration",
};

/** A command line against the e2e server's database, with the fixture libraries as RULE_SOURCES. */
function npmRun(...args: string[]) {
  const result = spawnSync("npm", ["run", "--silent", ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: "file:./data/e2e.db",
      FEED_ALLOW_PRIVATE: "1",
      RULE_SOURCES: `sigmahq=${E2E_FEED_BASE}/sigmahq.zip,elastic=${E2E_FEED_BASE}/elastic.tar.gz`,
    },
  });
  expect(result.status, result.stderr).toBe(0);
  return result;
}

/** What the database says, to hold the pages to. */
function briefsWithoutRule(): { total: number; withoutRule: Set<string> } {
  const database = new Database("data/e2e.db", { readonly: true });
  try {
    const total = (database.prepare(`SELECT COUNT(*) AS n FROM "Brief"`).get() as { n: number }).n;
    const rows = database
      .prepare(`SELECT "slug" FROM "Brief" WHERE "id" NOT IN (SELECT "briefId" FROM "BriefDetection")`)
      .all() as { slug: string }[];
    return { total, withoutRule: new Set(rows.map((row) => row.slug)) };
  } finally {
    database.close();
  }
}

test.beforeAll(() => {
  npmRun("ingest", "--", "--file", "e2e/fixtures/rules-feed.xml");
  const sync = npmRun("rules:sync");
  expect(sync.stdout).toMatch(/^sigmahq: \d+ new, 0 updated, 0 unchanged, 0 retired in/m);
  expect(sync.stdout).toMatch(/^elastic: \d+ new, 0 updated, 0 unchanged, 0 retired in/m);
});

test("after a sync, a brief titled like an Elastic rule shows the rule, its investigation steps, source and licence", async ({
  page,
}) => {
  await page.goto(`/briefs/${RULE_BRIEF.slug}`);
  const detection = page.getByRole("region", { name: "Detection" });
  await expect(detection.getByRole("heading", { name: RULE_BRIEF.title })).toBeVisible();
  await expect(detection.getByRole("region", { name: "Elastic rule" })).toContainText(
    'rule_id = "2c7a4e1d-9b3f-4d6a-8e5c-1f0b2a3d4c5e"',
  );
  const steps = detection.getByRole("region", { name: "Triage steps" }).getByRole("listitem");
  await expect(steps).toHaveCount(4);
  await expect(steps.first()).toContainText("Identify the user in azure.signinlogs.properties.user_principal_name");
  await expect(detection.getByRole("region", { name: "Triage steps" }).getByRole("checkbox")).toHaveCount(4);
  await expect(detection).toContainText(
    "Source: Elastic detection-rules (rules/integrations/azure/entra_signin_device_code_unfamiliar_client.toml)",
  );
  await expect(detection).toContainText("Licence: Elastic License 2.0");
  await expect(detection).toContainText("Author: Threat Briefs Fixtures");
});

test("a brief linked to an Elastic kuery rule shows a query for every SIEM: the rule's own for Elastic, translations for the others", async ({
  page,
}) => {
  await page.goto(`/briefs/${RULE_BRIEF.slug}`);
  const queries = page.getByRole("region", { name: "Detection" }).getByRole("region", { name: "SIEM queries" });
  for (const [tab, ...parts] of [
    [
      "Microsoft Sentinel",
      "union SigninLogs, AADNonInteractiveUserSignInLogs",
      '| where AuthenticationProtocol == "deviceCode"',
    ],
    ["Elastic", "event.dataset:azure.signinlogs and azure.signinlogs.properties.authentication_protocol:deviceCode"],
    [
      "Splunk",
      'sourcetype="azure:monitor:aad" category IN (SignInLogs, NonInteractiveUserSignInLogs',
      'properties.authenticationProtocol="deviceCode"',
    ],
  ] as const) {
    await queries.getByRole("tab", { name: tab }).click();
    for (const part of parts)
      await expect(queries.getByRole("tabpanel").getByLabel(`${tab} query`, { exact: true })).toContainText(part);
    await expect(queries.getByRole("tabpanel").getByRole("note")).toHaveCount(0);
    // Elastic compares keywords exactly and so do the translations: no meaning is lost to warn about.
    await expect(queries.getByRole("list", { name: `Warnings for the ${tab} query` })).toHaveCount(0);
  }
});

test("a brief linked to an Elastic EQL sequence shows it joined step by step in Sentinel and Splunk, with the meaning warning and the schedule, and the rule's EQL on Elastic", async ({
  page,
}) => {
  await page.goto(`/briefs/${EQL_BRIEF.slug}`);
  const detection = page.getByRole("region", { name: "Detection" });
  await expect(detection.getByRole("heading", { name: EQL_BRIEF.title })).toBeVisible();
  const queries = detection.getByRole("region", { name: "SIEM queries" });
  for (const [tab, ...parts] of [
    [
      "Microsoft Sentinel",
      "let Step1 = union SigninLogs",
      "let Step2 = AuditLogs",
      "| join kind=inner Step2 on UserId",
      "| where Step2Time >= Step1Time and Step2Time - Step1Time <= 10m",
    ],
    [
      "Splunk",
      "eval seq_key=case(seq_step==1, 'properties.userId', seq_step==2, 'properties.initiatedBy.user.id')",
      "streamstats current=f max(seq_start_1) as seq_chain_1 by seq_key",
      "_time - seq_chain_1 <= 600",
    ],
  ] as const) {
    await queries.getByRole("tab", { name: tab }).click();
    const panel = queries.getByRole("tabpanel");
    await expect(panel.getByRole("note")).toHaveCount(0);
    for (const part of parts) await expect(panel.getByLabel(`${tab} query`, { exact: true })).toContainText(part);
    await expect(panel.getByRole("list", { name: `Warnings for the ${tab} query` })).toHaveText(
      "Elastic looks the address's network (source.as.number) up in its GeoIP database; the query reads the network Entra ID recorded for the sign-in.",
    );
    await expect(panel.getByRole("list", { name: `Notes for the ${tab} query` })).toContainText(
      "Schedule: run it every 5m with a look-back of 15m",
    );
  }
  await queries.getByRole("tab", { name: "Elastic" }).click();
  await expect(queries.getByRole("tabpanel").getByLabel("Elastic query", { exact: true })).toContainText(
    "sequence with maxspan=10m",
  );
  await expect(queries.getByRole("list", { name: "Warnings for the Elastic query" })).toHaveCount(0);
});

test("the coverage line counts briefs with a rule and links to exactly the briefs without one", async ({ page }) => {
  const { total, withoutRule } = briefsWithoutRule();
  expect(withoutRule.has(RULE_BRIEF.slug)).toBe(false);
  await page.goto("/detections");
  const coverage = page.getByRole("region", { name: "Coverage" });
  await expect(coverage).toContainText(`${total - withoutRule.size} of ${total} briefs have a rule;`);
  await coverage.getByRole("link", { name: /without a rule/ }).click();
  await expect(page).toHaveURL(/\/\?rule=none$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Briefs — without a rule");
  await expect(
    page.getByText(`${withoutRule.size} ${withoutRule.size === 1 ? "brief" : "briefs"}`, { exact: true }),
  ).toBeVisible();

  const listed = new Set<string>();
  for (let pageNumber = 1; listed.size < withoutRule.size && pageNumber <= 10; pageNumber += 1) {
    if (pageNumber > 1) await page.goto(`/?rule=none&page=${pageNumber}`);
    for (const href of await page
      .getByRole("list", { name: "Briefs" })
      .getByRole("link")
      .evaluateAll((links) => links.map((link) => link.getAttribute("href")))) {
      if (href?.startsWith("/briefs/")) listed.add(href.slice("/briefs/".length));
    }
  }
  expect(listed).toEqual(withoutRule);
  await page.goto("/?rule=none");
  await expect(page.getByRole("link", { name: NO_RULE_BRIEF })).toBeVisible();
});

test("/status shows each library's last sync, and a second sync finds the archives unchanged", async ({ page }) => {
  const again = npmRun("rules:sync");
  expect(again.stdout).toMatch(/^elastic: archive not modified since the last sync/m);
  await page.goto("/status");
  const libraries = page.getByRole("region", { name: "Rule libraries" });
  const elastic = libraries.getByRole("table", { name: "Recent syncs of Elastic detection-rules" });
  await expect(elastic.getByRole("row").nth(1)).toContainText("not-modified");
  await expect(elastic.getByRole("row").nth(2)).toContainText('"elastic.tar.gz-');
  await expect(elastic.getByRole("row").nth(2)).toContainText("2 / 0 / 0 / 0");
  await expect(libraries).toContainText("SigmaHQ");
});
