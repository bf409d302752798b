import { expect, test } from "@playwright/test";
import { E2E_AUTH_BASE, E2E_AUTH_DATABASE } from "../playwright.config";
import { createUser, signedInContext, signedOutContext, createToken, signInOnPage } from "./auth-helpers";

// Rules deployed per SIEM on the sign-in server, which holds the bundled sample and rules.
test.describe.configure({ mode: "serial", timeout: 90_000 });
test.use({ baseURL: E2E_AUTH_BASE });

const SLUG = "2024-01-30-entra-id-lockouts";
const RULE = "e046247f-8487-40c1-9cc6-fe061c520f48";
const ANALYST = "deploy-analyst@example.org";
const VIEWER = "deploy-viewer@example.org";
const url = (siem: string, rule = RULE) => `/api/detections/${rule}/deployments/${siem}`;

test.beforeAll(() => {
  createUser(E2E_AUTH_DATABASE, ANALYST, "analyst");
  createUser(E2E_AUTH_DATABASE, VIEWER, "viewer");
});

test("the API: PUT and DELETE a deployment with a triage token; 400, 404, 403 and 401 where they belong", async () => {
  const api = await signedOutContext(E2E_AUTH_BASE);
  const triage = { authorization: `Bearer ${createToken(E2E_AUTH_DATABASE, ANALYST, "triage")}` };
  const reader = { authorization: `Bearer ${createToken(E2E_AUTH_DATABASE, ANALYST, "read")}` };
  // A viewer cannot hold a triage token at all (tokens:create refuses); her read token is refused here.
  const viewerReader = { authorization: `Bearer ${createToken(E2E_AUTH_DATABASE, VIEWER, "read")}` };

  expect((await api.put(url("splunk"), { data: {} })).status()).toBe(401);
  expect((await api.delete(url("splunk"))).status()).toBe(401);
  expect((await api.put(url("splunk"), { headers: reader, data: {} })).status()).toBe(403);
  expect((await api.put(url("splunk"), { headers: viewerReader, data: {} })).status()).toBe(403);

  const badField = await api.put(url("splunk"), { headers: triage, data: { ref: "x" } });
  expect(badField.status()).toBe(400);
  expect(await badField.json()).toMatchObject({ field: "ref" });
  const badReference = await api.put(url("splunk"), { headers: triage, data: { reference: "javascript://x" } });
  expect(badReference.status()).toBe(400);
  expect(await badReference.json()).toMatchObject({ field: "reference" });
  expect((await api.put(url("qradar"), { headers: triage, data: {} })).status()).toBe(404);
  expect((await api.put(url("splunk", "no-such-rule"), { headers: triage, data: {} })).status()).toBe(404);
  expect((await api.delete(url("splunk", "no-such-rule"), { headers: triage })).status()).toBe(404);

  const put = await api.put(url("splunk"), { headers: triage, data: { reference: "SPL-Lockouts-7" } });
  expect(put.status()).toBe(200);
  expect(await put.json()).toMatchObject({
    siem: "splunk",
    deployed: true,
    reference: "SPL-Lockouts-7",
    deployedBy: ANALYST,
    changedSinceDeployed: false,
  });
  // An analyst's session works from the dashboard's pages only: a forged cross-site request is refused.
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  expect((await analyst.delete(url("splunk"), { headers: { origin: "https://evil.example" } })).status()).toBe(403);
  await analyst.dispose();
  // A viewer's session cannot undo it, whatever the origin.
  const viewer = await signedInContext(E2E_AUTH_BASE, VIEWER);
  expect((await viewer.delete(url("splunk"), { headers: { origin: E2E_AUTH_BASE } })).status()).toBe(403);
  await viewer.dispose();

  const removed = await api.delete(url("splunk"), { headers: triage });
  expect(removed.status()).toBe(200);
  expect(await removed.json()).toMatchObject({ deployed: false, reference: null });
  await api.dispose();
});

test("an analyst marks a rule deployed to Sentinel on a brief; a viewer sees it, without controls, and is refused", async ({
  browser,
}) => {
  const analystContext = await browser.newContext();
  const page = await analystContext.newPage();
  await signInOnPage(page, ANALYST);
  await page.goto(`/briefs/${SLUG}`);
  const deployment = page.getByRole("region", { name: "Deployment" }).first();
  await expect(deployment.getByText("Not deployed to Microsoft Sentinel.")).toBeVisible();
  await deployment
    .getByLabel("Microsoft Sentinel rule id or link (optional)")
    .fill("https://portal.azure.com/#rule/42");
  await deployment.getByRole("button", { name: "Mark deployed to Microsoft Sentinel" }).click();
  await expect(page.getByRole("status").getByText("Marked deployed to Microsoft Sentinel.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/briefs/${SLUG}\\?`));
  const sentinel = page.getByRole("region", { name: "Deployment" }).first().getByRole("listitem", {
    name: "Microsoft Sentinel",
  });
  await expect(sentinel).toContainText(
    `Deployed to Microsoft Sentinel · https://portal.azure.com/#rule/42 · by ${ANALYST}`,
  );
  await expect(sentinel.getByRole("link", { name: "https://portal.azure.com/#rule/42" })).toBeVisible();
  await expect(sentinel.getByRole("button", { name: "Undeploy from Microsoft Sentinel" })).toBeVisible();

  await page.goto(`/detections/${RULE}`);
  await expect(page.getByRole("listitem", { name: "Microsoft Sentinel" })).toContainText(
    `Deployed to Microsoft Sentinel · https://portal.azure.com/#rule/42 · by ${ANALYST}`,
  );
  await analystContext.close();

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signInOnPage(viewerPage, VIEWER);
  for (const path of [`/briefs/${SLUG}`, `/detections/${RULE}`]) {
    await viewerPage.goto(path);
    const region = viewerPage.getByRole("region", { name: "Deployment" }).first();
    await expect(region.getByRole("listitem", { name: "Microsoft Sentinel" })).toContainText(
      `Deployed to Microsoft Sentinel · https://portal.azure.com/#rule/42 · by ${ANALYST}`,
    );
    await expect(region.getByRole("button")).toHaveCount(0);
    await expect(region.getByRole("textbox")).toHaveCount(0);
  }
  // Her own post, from the dashboard's origin with her session, is refused and changes nothing.
  const refused = await viewerPage.request.post(url("sentinel"), {
    headers: { origin: E2E_AUTH_BASE },
    form: { action: "undeploy", back: `/briefs/${SLUG}` },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(403);
  await viewerPage.reload();
  await expect(
    viewerPage
      .getByRole("region", { name: "Deployment" })
      .first()
      .getByRole("listitem", { name: "Microsoft Sentinel" }),
  ).toContainText("Deployed to Microsoft Sentinel");
  await viewerContext.close();
});

test("coverage of=deployed counts the rule deployed to Sentinel, and only deployed rules", async () => {
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const rule = await (await analyst.get(`/detections/${RULE}/rule`)).text();
  expect(rule).toContain("attack.t1110");
  type Layer = { name: string; techniques: { techniqueID: string; score: number }[] };
  const scored = async (query: string) => {
    const response = await analyst.get(`/coverage/layer.json?${query}`);
    expect(response.status()).toBe(200);
    const layer = (await response.json()) as Layer;
    return [...new Set(layer.techniques.filter((t) => t.score > 0).map((t) => t.techniqueID))].sort();
  };
  // The library counts every rule in use; deployed counts the one rule deployed (to Sentinel, by the test before).
  const library = await scored("of=rules");
  const deployed = await scored("of=deployed");
  expect(deployed.length).toBeGreaterThan(0);
  expect(library.length).toBeGreaterThan(deployed.length);
  expect(deployed.every((id) => library.includes(id))).toBe(true);
  expect(await scored("of=deployed&siem=sentinel")).toEqual(deployed);
  expect(await scored("of=deployed&siem=splunk")).toEqual([]);

  const page = await (await analyst.get("/coverage?of=deployed&siem=splunk")).text();
  // React separates the message's parts with comment markers in the HTML.
  expect(page).toMatch(/No rule is marked deployed(<!-- -->)? to Splunk(<!-- -->)? yet, so every technique/);
  const sentinelPage = await (await analyst.get("/coverage?of=deployed")).text();
  expect(sentinelPage).not.toContain("No rule is marked deployed");
  await analyst.dispose();
});

test("the rule file is folded, and the SIEM tab a signed-in user chose opens first in another browser", async ({
  browser,
}) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await signInOnPage(page, ANALYST);
  await page.goto(`/briefs/${SLUG}`);
  const detection = page.getByRole("region", { name: "Detection" });
  await expect(detection.getByRole("region", { name: "Rule text" })).toBeHidden();
  await expect(detection.getByRole("region", { name: "Triage steps" })).toBeVisible();
  await detection.getByText("Show the rule file").click();
  await expect(detection.getByRole("region", { name: "Rule text" })).toContainText("title:");
  await expect(detection.getByRole("tab", { name: "Microsoft Sentinel" })).toHaveAttribute("aria-selected", "true");
  const saved = page.waitForResponse((response) => response.url().endsWith("/api/account/preferred-siem"));
  await detection.getByRole("tab", { name: "Splunk" }).click();
  expect((await saved).status()).toBe(204);
  await first.close();

  // A new browser (no localStorage): the account remembers.
  const second = await browser.newContext();
  const again = await second.newPage();
  await signInOnPage(again, ANALYST);
  await again.goto(`/detections/${RULE}`);
  await expect(again.getByRole("tab", { name: "Splunk" })).toHaveAttribute("aria-selected", "true");
  await expect(again.getByRole("tabpanel")).toContainText(/sourcetype=/);
  await second.close();
});
