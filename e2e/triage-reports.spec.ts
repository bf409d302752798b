import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_AUTH_BASE, E2E_AUTH_DATABASE } from "../playwright.config";
import { parseCsv } from "../lib/test/csv";
import { buildFeed, sampleItem } from "../lib/test/feed-builder";
import { createUser, signedInContext, signInOnPage } from "./auth-helpers";

// What the team's decisions add up to: the filtered list, its feed and CSV export, the overview, the panel's summary.
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: E2E_AUTH_BASE });

const ANALYST = "reports-analyst@example.org";
const VIEWER = "reports-viewer@example.org";
const FORMULA = '=HYPERLINK("https://evil.example","open me")';
const TITLE_FORMULA = "=1+2 token replay brief";
const VIEW = "status=new&severity=high,critical&assignee=none";

const slugsIn = (html: string) => [
  ...new Set([...html.matchAll(/href="\/briefs\/([^"?#/]+)"/g)].map((match) => match[1])),
];

async function patchBrief(analyst: APIRequestContext, slug: string, data: Record<string, string | null>) {
  const current = await analyst.get(`/api/briefs/${slug}`);
  const response = await analyst.patch(`/api/briefs/${slug}`, {
    headers: { origin: E2E_AUTH_BASE, "if-match": current.headers().etag },
    data,
  });
  expect(response.status(), await response.text()).toBe(200);
}

let taken: string[] = [];

/**
 * Briefs of every severity, published in 2020 so that they sort after the server's own (other specs
 * take the newest briefs), one titled like a formula, as a feed may write it.
 */
function ingestReportBriefs() {
  const items = ["critical", "high", "high", "critical", "high", "medium", "low"].map((severity, index) =>
    sampleItem(`reports-${index}`, {
      severity,
      title: index === 1 ? TITLE_FORMULA : `Reports brief ${index}`,
      pubDate: new Date(Date.UTC(2020, 0, 1 + index)).toUTCString(),
    }),
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "triage-reports-")), "feed.xml");
  fs.writeFileSync(file, buildFeed(items));
  const result = spawnSync("npm", ["run", "--silent", "ingest", "--", "--file", file], {
    env: { ...process.env, DATABASE_URL: E2E_AUTH_DATABASE },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`ingest failed: ${result.stdout}${result.stderr}`);
}

test.beforeAll(async () => {
  createUser(E2E_AUTH_DATABASE, ANALYST, "analyst");
  createUser(E2E_AUTH_DATABASE, VIEWER, "viewer");
  ingestReportBriefs();
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  // Two high or critical briefs leave the view: one gets an owner, one is dismissed with a formula for a comment.
  const candidates = slugsIn(await (await analyst.get(`/?${VIEW}`)).text());
  expect(candidates.length).toBeGreaterThanOrEqual(3);
  taken = candidates.slice(-2);
  await patchBrief(analyst, taken[0], { assignee: ANALYST });
  await patchBrief(analyst, taken[1], { state: "dismissed", reason: "other", comment: FORMULA });
  await analyst.dispose();
});

// Other specs on this server count the team's states: leave the two briefs as they were found.
test.afterAll(async () => {
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  await patchBrief(analyst, taken[0], { assignee: null });
  await patchBrief(analyst, taken[1], { state: "new" });
  await analyst.dispose();
});

test("new, high or critical, nobody's: the list, its counts, /rss.xml and /triage.csv hold the same briefs, formulas escaped", async ({
  page,
}) => {
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const listed: string[] = [];
  for (let pageNumber = 1; pageNumber < 10; pageNumber += 1) {
    const slugs = slugsIn(await (await analyst.get(`/?${VIEW}&page=${pageNumber}`)).text());
    if (!slugs.length || slugs.every((slug) => listed.includes(slug))) break;
    listed.push(...slugs.filter((slug) => !listed.includes(slug)));
  }
  expect(listed.length).toBeGreaterThan(0);
  for (const slug of taken) expect(listed).not.toContain(slug);

  const rss = await (await analyst.get(`/rss.xml?${VIEW}`)).text();
  const inFeed = [...rss.matchAll(/<link>[^<]*\/briefs\/([^<]+)<\/link>/g)].map((match) => match[1]);
  const csv = await analyst.get(`/triage.csv?${VIEW}`);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="triage-\d{4}-\d\d-\d\d\.csv"$/);
  const rows = parseCsv(await csv.text());
  expect(rows[0].slice(0, 6)).toEqual(["brief", "url", "severity", "published", "state", "owner"]);
  const inCsv = rows.slice(1).map((row) => new URL(row[1]).pathname.replace("/briefs/", ""));
  expect(new Set(inCsv)).toEqual(new Set(listed));
  // The feed carries the view's first 50.
  expect(inFeed).toEqual(inCsv.slice(0, 50));
  expect(rows.slice(1).every((row) => row[4] === "New" && row[5] === "" && /^(high|critical)$/.test(row[2]))).toBe(
    true,
  );

  // A title and a dismissal's comment start with "=": the spreadsheet shows them as text, never runs them.
  const everything = parseCsv(await (await analyst.get("/triage.csv")).text());
  expect(everything.slice(1).map((row) => row[0])).toContain(`'${TITLE_FORMULA}`);
  const dismissed = parseCsv(await (await analyst.get("/triage.csv?status=dismissed")).text());
  const row = dismissed.find((line) => line[1]?.endsWith(`/briefs/${taken[1]}`));
  expect(row?.slice(4, 8)).toEqual(["Dismissed", "", "Other", `'${FORMULA}`]);

  // The list page, as a viewer sees it: the same total, and the state's count beside the others.
  await signInOnPage(page, VIEWER);
  await page.goto(`/?${VIEW}`);
  await expect(page.getByText(new RegExp(`^${listed.length} briefs?$`))).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Team state" }).getByRole("link", { name: /^New \(/ })).toHaveText(
    `New (${listed.length})`,
  );
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Triage CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^triage-\d{4}-\d\d-\d\d\.csv$/);
  await analyst.dispose();
});

test("the overview shows the team's numbers to a viewer, and the brief says how many of its rules run where", async ({
  page,
}) => {
  await signInOnPage(page, VIEWER);

  await page.goto("/overview");
  const team = page.getByRole("region", { name: "Team triage" });
  await expect(team.getByRole("link", { name: /: Dismissed$/ })).not.toHaveText("0");
  await expect(team.getByRole("list", { name: "Decisions this month" })).toContainText(ANALYST);
  await expect(team.getByTestId("time-to-decision")).toContainText("over ");

  // The brief API lists the rules; the panel sums them up beside the state.
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const LABELS: Record<string, string> = { sentinel: "Microsoft Sentinel", elastic: "Elastic", splunk: "Splunk" };
  let expected: { slug: string; text: string } | null = null;
  for (const slug of slugsIn(await (await analyst.get("/")).text())) {
    const body = (await (await analyst.get(`/api/briefs/${slug}`)).json()) as {
      deployedRules: { deployments: { siem: string }[] }[];
    };
    const rules = body.deployedRules;
    if (!rules.length) continue;
    const deployed = rules.filter((rule) => rule.deployments.length).length;
    const siems = Object.keys(LABELS).filter((siem) =>
      rules.some((rule) => rule.deployments.some((deployment) => deployment.siem === siem)),
    );
    const where = siems.length ? ` (${siems.map((siem) => LABELS[siem]).join(", ")})` : "";
    expected = { slug, text: `${deployed} of ${rules.length} rule${rules.length === 1 ? "" : "s"} deployed${where}` };
    break;
  }
  expect(expected, "a brief of the server with a linked rule").not.toBeNull();
  await page.goto(`/briefs/${expected!.slug}`);
  await expect(page.getByTestId("triage-summary")).toHaveText(
    new RegExp(` · ${expected!.text.replace(/[()]/g, "\\$&")}$`),
  );
  await analyst.dispose();
});
