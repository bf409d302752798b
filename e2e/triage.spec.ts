import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { buildFeed, sampleItem } from "../lib/test/feed-builder";
import {
  E2E_AUTH_BASE,
  E2E_AUTH_DATABASE,
  E2E_FEED_BASE,
  E2E_INGEST_TOKEN,
  E2E_TRIAGE_FEED_URL,
} from "../playwright.config";
import { createUser, signedInContext, signedOutContext, createToken, signedInPage } from "./auth-helpers";

// Team triage on the sign-in server: an analyst decides, a viewer reads, a SOAR calls the API.
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: E2E_AUTH_BASE });

const ANALYST = "triage-analyst@example.org";
const SECOND_ANALYST = "triage-second@example.org";
const VIEWER = "triage-viewer@example.org";
const XSS = `<img src=x onerror="document.body.dataset.pwned='yes'"><script>document.body.dataset.pwned='yes'</script>`;

let slugs: string[] = [];

test.beforeAll(async () => {
  // Three command-line runs: on a loaded machine they take longer than a hook's default 30 s.
  test.setTimeout(120_000);
  createUser(E2E_AUTH_DATABASE, ANALYST, "analyst");
  createUser(E2E_AUTH_DATABASE, SECOND_ANALYST, "analyst");
  createUser(E2E_AUTH_DATABASE, VIEWER, "viewer");
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const list = await (await analyst.get("/")).text();
  slugs = [...new Set([...list.matchAll(/href="\/briefs\/([^"?#/]+)"/g)].map((match) => match[1]))];
  expect(slugs.length).toBeGreaterThanOrEqual(3);
  await analyst.dispose();
});

test("an analyst takes a brief, moves it through states and dismisses another; a viewer sees it all and can change none of it", async ({
  browser,
}) => {
  const analyst = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  await analyst.goto(`/briefs/${slugs[0]}`);
  const panel = analyst.getByTestId("team-panel");
  await expect(panel.getByTestId("triage-state")).toHaveText("New");
  await panel.getByRole("button", { name: "Assign to me" }).click();
  await expect(panel.getByTestId("triage-owner")).toHaveText(ANALYST);

  await panel.getByLabel("State").selectOption("in_review");
  await panel.getByRole("button", { name: "Save decision" }).click();
  await expect(panel.getByTestId("triage-state")).toHaveText("In review");
  await panel.getByLabel("State").selectOption("adopted");
  await panel.getByLabel("Comment").fill("Deploy the sign-in rule to Sentinel.");
  await panel.getByRole("button", { name: "Save decision" }).click();
  await expect(panel.getByTestId("triage-state")).toHaveText("Adopted (decided)");

  // Dismissing needs a reason: without one the page says so and nothing changes.
  await analyst.goto(`/briefs/${slugs[1]}`);
  await panel.getByLabel("State").selectOption("dismissed");
  await panel.getByRole("button", { name: "Save decision" }).click();
  await expect(panel.getByRole("alert")).toHaveText("Dismissing needs a reason.");
  await expect(panel.getByTestId("triage-state")).toHaveText("New");
  await panel.getByLabel("State").selectOption("dismissed");
  await panel.getByLabel("Reason (when dismissing)").selectOption("not_applicable");
  await panel.getByLabel("Comment").fill(`We have no hybrid join. ${XSS}`);
  await panel.getByRole("button", { name: "Save decision" }).click();
  await expect(panel.getByTestId("triage-state")).toHaveText("Dismissed (decided) — Not applicable to our environment");

  // The viewer: every change with names and times, the comment as text, and no control.
  const viewer = await signedInPage(browser, E2E_AUTH_BASE, VIEWER);
  await viewer.goto(`/briefs/${slugs[0]}`);
  const history = viewer.getByRole("list", { name: "Triage history" });
  await expect(history.getByRole("listitem")).toHaveCount(3);
  await expect(history.getByRole("listitem").nth(0)).toContainText(`${ANALYST} assigned it to ${ANALYST}`);
  await expect(history.getByRole("listitem").nth(1)).toContainText(`${ANALYST} moved it from New to In review`);
  await expect(history.getByRole("listitem").nth(2)).toContainText("moved it from In review to Adopted");
  await expect(history.getByRole("listitem").nth(2).locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await expect(viewer.getByTestId("triage-owner")).toHaveText(ANALYST);
  await expect(viewer.getByRole("button", { name: "Assign to me" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Save decision" })).toHaveCount(0);
  await viewer.goto(`/briefs/${slugs[1]}`);
  await expect(viewer.getByTestId("team-panel")).toContainText(XSS);
  expect(await viewer.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
  await expect(viewer.locator("[data-testid=team-panel] img")).toHaveCount(0);

  // The server refuses the viewer whatever she sends: the form route and the API.
  const response = await viewer.request.post(`/api/briefs/${slugs[1]}/triage`, {
    headers: { origin: E2E_AUTH_BASE },
    form: { version: "1", state: "new" },
  });
  expect(response.status()).toBe(403);
  const patch = await viewer.request.patch(`/api/briefs/${slugs[1]}`, {
    headers: { origin: E2E_AUTH_BASE, "if-match": '"1"' },
    data: { state: "new" },
  });
  expect(patch.status()).toBe(403);
  await viewer.reload();
  await expect(viewer.getByTestId("triage-state")).toContainText("Dismissed");
  await analyst.context().close();
  await viewer.context().close();
});

test("the second of two stale edits from the page is refused with who changed it and when", async ({ browser }) => {
  const first = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  const second = await signedInPage(browser, E2E_AUTH_BASE, SECOND_ANALYST);
  await first.goto(`/briefs/${slugs[2]}`);
  await second.goto(`/briefs/${slugs[2]}`);
  await first.getByLabel("State").selectOption("hunting");
  await first.getByRole("button", { name: "Save decision" }).click();
  await expect(first.getByTestId("triage-state")).toHaveText("Hunting (decided)");

  await second.getByLabel("State").selectOption("watching");
  await second.getByRole("button", { name: "Save decision" }).click();
  await expect(second.getByTestId("team-panel").getByRole("alert")).toHaveText(
    new RegExp(`^Changed by ${ANALYST} at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z since you loaded it\\.$`),
  );
  await expect(second.getByTestId("triage-state")).toHaveText("Hunting (decided)");
  await first.context().close();
  await second.context().close();
});

test("the API: GET with an ETag, PATCH needs If-Match (428), a stale one is 412 with the current state, bad input 400 naming the field", async () => {
  const writer = createToken(E2E_AUTH_DATABASE, SECOND_ANALYST, "read,triage");
  const reader = createToken(E2E_AUTH_DATABASE, SECOND_ANALYST, "read");
  const api = await signedOutContext(E2E_AUTH_BASE);
  const as = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  const url = `/api/briefs/${slugs[0]}`;

  expect((await api.get(url)).status()).toBe(401);
  expect((await api.patch(url, { headers: { "if-match": '"0"' }, data: { state: "watching" } })).status()).toBe(401);
  // An analyst's session from another site is refused; only a bearer token needs no origin.
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const forged = await analyst.patch(url, {
    headers: { origin: "https://evil.example", "if-match": '"0"' },
    data: { state: "watching" },
  });
  expect(forged.status()).toBe(403);
  await analyst.dispose();
  const read = await api.get(url, { headers: as(reader) });
  expect(read.status()).toBe(200);
  const current = (await read.json()) as { state: string; version: number; assignee: { email: string } };
  expect(current).toMatchObject({ state: "adopted", assignee: { email: ANALYST } });
  const etag = read.headers().etag;
  expect(etag).toBe(`"${current.version}"`);

  expect(
    (await api.patch(url, { headers: as(reader, { "if-match": etag }), data: { state: "watching" } })).status(),
  ).toBe(403);
  expect((await api.patch(url, { headers: as(writer), data: { state: "watching" } })).status()).toBe(428);
  const stale = await api.patch(url, {
    headers: as(writer, { "if-match": `"${current.version - 1}"` }),
    data: { state: "watching" },
  });
  expect(stale.status()).toBe(412);
  expect(await stale.json()).toMatchObject({ current: { state: "adopted", changedBy: ANALYST } });

  const bad = await api.patch(url, { headers: as(writer, { "if-match": etag }), data: { state: "closed" } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ field: "state" });
  const unknown = await api.patch("/api/briefs/no-such-brief", {
    headers: as(writer, { "if-match": '"0"' }),
    data: { state: "watching" },
  });
  expect(unknown.status()).toBe(404);

  // A proxy may weaken the ETag: W/"n" matches as well.
  const changed = await api.patch(url, {
    headers: as(writer, { "if-match": `W/${etag}` }),
    data: { state: "watching", assignee: SECOND_ANALYST },
  });
  expect(changed.status()).toBe(200);
  expect(await changed.json()).toMatchObject({ state: "watching", assignee: { email: SECOND_ANALYST } });
  expect(changed.headers().etag).toBe(`"${current.version + 1}"`);
  const history = (
    (await (await api.get(url, { headers: as(reader) })).json()) as { history: { actorEmail: string }[] }
  ).history;
  expect(history.at(-1)).toMatchObject({ actorEmail: SECOND_ANALYST });
  await api.dispose();
});

test("two analysts: assignee=me lists each her own briefs, never the other's, from the cache or not, and the feeds follow", async ({
  browser,
}) => {
  const api = await signedOutContext(E2E_AUTH_BASE);
  const writer = createToken(E2E_AUTH_DATABASE, ANALYST, "read,triage");
  const read = await api.get(`/api/briefs/${slugs[1]}`, { headers: { authorization: `Bearer ${writer}` } });
  const taken = await api.patch(`/api/briefs/${slugs[1]}`, {
    headers: { authorization: `Bearer ${writer}`, "if-match": read.headers().etag },
    data: { assignee: ANALYST },
  });
  expect(taken.status()).toBe(200);
  await api.dispose();

  const first = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  const second = await signedInPage(browser, E2E_AUTH_BASE, SECOND_ANALYST);
  const rows = (page: Page) => page.getByRole("list", { name: "Briefs" }).getByRole("heading");
  for (let round = 0; round < 2; round += 1) {
    await first.goto("/?assignee=me");
    await expect(rows(first)).toHaveCount(1);
    await expect(first.getByRole("link", { name: "Mine" })).toHaveAttribute("aria-current", "true");
    await expect(first.getByTestId("row-triage")).toHaveText(`· Dismissed · ${ANALYST}`);
    await second.goto("/?assignee=me");
    await expect(rows(second)).toHaveCount(1);
    await expect(second.getByTestId("row-triage")).toHaveText(`· Watching · ${SECOND_ANALYST}`);
  }
  await first.getByRole("link", { name: "My queue" }).click();
  await expect(first).toHaveURL(/\/\?assignee=me$/);

  // The state filter with its counts, and the same view as a feed.
  await first.goto(`/?status=dismissed,watching`);
  await expect(rows(first)).toHaveCount(2);
  await expect(first.getByRole("link", { name: /^Dismissed \(1\)$/ })).toHaveAttribute("aria-current", "true");
  await expect(first.getByRole("link", { name: /^New \(\d+\)$/ })).toBeVisible();
  const mine = await first.request.get("/rss.xml?assignee=me");
  expect(mine.status()).toBe(200);
  const feed = await mine.text();
  expect(feed).toContain(`/briefs/${slugs[1]}`);
  expect(feed).not.toContain(`/briefs/${slugs[0]}`);
  const theirs = await (await first.request.get(`/feed.json?assignee=${encodeURIComponent(SECOND_ANALYST)}`)).text();
  expect(theirs).toContain(`/briefs/${slugs[0]}`);
  expect(theirs).not.toContain(`/briefs/${slugs[1]}`);
  await first.context().close();
  await second.context().close();
});

/** Writes the sign-in server's feed (e2e/feed-server.ts serves it) and has the server ingest it. */
async function ingestTriageFeed(api: APIRequestContext, severity: string, description: string) {
  const item = sampleItem("triage-feed-brief", { severity, description, tags: ["entra_id", "e2e_triage_feed"] });
  fs.writeFileSync(path.join(import.meta.dirname, "fixtures", path.basename(E2E_TRIAGE_FEED_URL)), buildFeed([item]));
  const response = await api.post("/api/ingest", {
    headers: { authorization: `Bearer ${E2E_INGEST_TOKEN}` },
    data: { feeds: [E2E_TRIAGE_FEED_URL] },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).results[0];
}

type Hook = { target: string; headers: Record<string, string>; body: string };

async function stateChangeHooks(api: APIRequestContext): Promise<Hook[]> {
  const received: Hook[] = await (await api.get(`${E2E_FEED_BASE}/hooks/received`)).json();
  return received.filter((hook) => hook.target === "team-states");
}

test("a feed update raising a dismissed brief to high puts it back in review with the reason, and the state-changed webhook gets each change once", async ({
  browser,
}) => {
  const api = await signedOutContext(E2E_AUTH_BASE);
  expect(await ingestTriageFeed(api, "medium", "Seen once.")).toMatchObject({ status: "ok", created: 1 });
  const analyst = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  await analyst.goto("/briefs/triage-feed-brief");
  const panel = analyst.getByTestId("team-panel");
  await panel.getByLabel("State").selectOption("dismissed");
  await panel.getByLabel("Reason (when dismissing)").selectOption("risk_accepted");
  await panel.getByRole("button", { name: "Save decision" }).click();
  await expect(panel.getByTestId("triage-state")).toHaveText("Dismissed (decided) — Risk accepted");

  expect(await ingestTriageFeed(api, "high", "Now exploited in the wild.")).toMatchObject({ status: "ok", updated: 1 });
  await analyst.reload();
  await expect(panel.getByTestId("triage-state")).toHaveText("In review");
  const lastLine = panel.getByRole("list", { name: "Triage history" }).getByRole("listitem").last();
  await expect(lastLine).toContainText("feed moved it from Dismissed to In review");
  await expect(lastLine).toContainText("Severity rose from medium to high in a feed update");

  // Two changes (the analyst's dismissal, the feed's reopening): two deliveries, each once.
  await expect
    .poll(async () => (await stateChangeHooks(api)).map((hook) => JSON.parse(hook.body).change.to), { timeout: 30_000 })
    .toEqual(["dismissed", "in_review"]);
  const reopened = JSON.parse((await stateChangeHooks(api))[1].body);
  expect(reopened).toMatchObject({
    event: "state-changed",
    severity: "high",
    brief: { slug: "triage-feed-brief" },
    change: { by: "feed", from: "dismissed", reason: "Severity rose from medium to high in a feed update" },
  });
  // The worker polls every second: a few more polls send nothing again.
  await analyst.waitForTimeout(3000);
  expect(await stateChangeHooks(api)).toHaveLength(2);

  // Adopted, then changed by the feed without a raise: marked on the row and the page until acknowledged.
  await panel.getByLabel("State").selectOption("adopted");
  await panel.getByRole("button", { name: "Save decision" }).click();
  await expect(panel.getByTestId("triage-state")).toHaveText("Adopted (decided)");
  expect(await ingestTriageFeed(api, "high", "Reworded by the publisher.")).toMatchObject({ status: "ok", updated: 1 });
  await analyst.goto("/?tag=e2e_triage_feed");
  await expect(analyst.getByTestId("row-updated-since-decision")).toHaveText("updated since the decision");
  const viewer = await signedInPage(browser, E2E_AUTH_BASE, VIEWER);
  await viewer.goto("/briefs/triage-feed-brief");
  await expect(viewer.getByTestId("triage-updated-since-decision")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Acknowledge the update" })).toHaveCount(0);
  const version = (await (await viewer.request.get("/api/briefs/triage-feed-brief")).json()).version;
  const refused = await viewer.request.post("/api/briefs/triage-feed-brief/triage", {
    headers: { origin: E2E_AUTH_BASE },
    form: { version: String(version), acknowledge: "feed-update" },
  });
  expect(refused.status()).toBe(403);

  await analyst.goto("/briefs/triage-feed-brief");
  await expect(panel.getByTestId("triage-state")).toHaveText("Adopted (decided)");
  await panel.getByRole("button", { name: "Acknowledge the update" }).click();
  await expect(panel.getByRole("status")).toHaveText("Acknowledged the feed's update.");
  await expect(panel.getByTestId("triage-updated-since-decision")).toHaveCount(0);
  await expect(panel.getByRole("list", { name: "Triage history" }).getByRole("listitem").last()).toContainText(
    `${ANALYST} acknowledged the feed's update`,
  );
  const json = await (await analyst.request.get("/api/briefs/triage-feed-brief")).json();
  expect(json).toMatchObject({ state: "adopted", updatedSinceDecisionAt: null });
  await analyst.context().close();
  await viewer.context().close();
  await api.dispose();
});
