import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { buildFeed, sampleItem } from "../lib/test/feed-builder";
import { E2E_AUTH_BASE, E2E_AUTH_DATABASE } from "../playwright.config";
import { createUser, signedInContext, signedOutContext, signedInPage } from "./auth-helpers";

// Bulk actions on the list, on the sign-in server: an analyst selects briefs by keyboard and changes
// them all or none; a viewer gets neither the checkboxes nor the route.
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: E2E_AUTH_BASE });

const ANALYST = "bulk-analyst@example.org";
const SECOND_ANALYST = "bulk-second@example.org";
const VIEWER = "bulk-viewer@example.org";
const ADMIN = "bulk-admin@example.org";
// Briefs of this spec's own, older than the sample's, so the other triage specs' first rows stay theirs.
const BULK_BRIEFS = 6;
const LIST = "/?q=bulkbrief";

/** Ingests this spec's briefs into the sign-in server's database with `npm run ingest`, as an operator would. */
function ingestOwnBriefs(): void {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bulk-triage-"));
  const file = path.join(directory, "feed.xml");
  const items = Array.from({ length: BULK_BRIEFS }, (_, index) =>
    sampleItem(`bulkbrief-${index + 1}`, {
      title: `Bulkbrief ${index + 1}: password spray on legacy sign-in`,
      severity: "low",
      pubDate: `Mon, ${String(index + 1).padStart(2, "0")} Jun 2020 10:00:00 +0000`,
    }),
  );
  fs.writeFileSync(file, buildFeed(items));
  const result = spawnSync("npm", ["run", "--silent", "ingest", "--", "--file", file], {
    env: { ...process.env, DATABASE_URL: E2E_AUTH_DATABASE },
    encoding: "utf8",
  });
  fs.rmSync(directory, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`ingest failed: ${result.stdout}${result.stderr}`);
}

type Row = { slug: string; title: string };
let rows: Row[] = [];

/** Presses Tab (or Shift+Tab) until the element with this accessible name has the focus, as a keyboard user would. */
async function tabTo(page: Page, name: string, key: "Tab" | "Shift+Tab" = "Tab"): Promise<void> {
  for (let presses = 0; presses < 300; presses++) {
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return element?.getAttribute("aria-label") ?? element?.textContent?.trim() ?? "";
    });
    if (focused === name) return;
    await page.keyboard.press(key);
  }
  throw new Error(`"${name}" never got the focus by ${key}`);
}

function rowOf(page: Page, title: string) {
  return page.getByRole("list", { name: "Briefs" }).getByRole("listitem").filter({ hasText: title }).first();
}

test.beforeAll(async () => {
  // Four runs of users:create and an ingest, each a process of its own: slow on a busy machine.
  test.setTimeout(180_000);
  ingestOwnBriefs();
  createUser(E2E_AUTH_DATABASE, ANALYST, "analyst");
  createUser(E2E_AUTH_DATABASE, SECOND_ANALYST, "analyst");
  createUser(E2E_AUTH_DATABASE, VIEWER, "viewer");
  createUser(E2E_AUTH_DATABASE, ADMIN, "admin");
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const html = await (await analyst.get(LIST)).text();
  rows = [...html.matchAll(/<a[^>]*href="\/briefs\/([^"?#/]+)"[^>]*>([^<]+)<\/a>/g)].map((match) => ({
    slug: match[1],
    title: match[2].replaceAll("&amp;", "&").replaceAll("&#x27;", "'").replaceAll("&quot;", '"'),
  }));
  expect(rows.length).toBe(BULK_BRIEFS);
  await analyst.dispose();
});

test("an analyst selects two briefs with the keyboard only and assigns them to herself", async ({ browser }) => {
  const page = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  await page.goto(LIST);
  const [first, second] = rows;
  // From the top of the page to each row's checkbox and back up to the button, with Tab, Space and Enter.
  await page.locator("body").focus();
  await tabTo(page, `Select ${first.title}`);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline, "the focused checkbox shows where the focus is").not.toBe("none");
  await page.keyboard.press("Space");
  await tabTo(page, `Select ${second.title}`);
  await page.keyboard.press("Space");
  await expect(page.getByRole("checkbox", { name: `Select ${first.title}` })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: `Select ${second.title}` })).toBeChecked();
  await tabTo(page, "Assign to me", "Shift+Tab");
  await page.keyboard.press("Enter");

  await expect(page.getByRole("status").filter({ hasText: "briefs assigned" })).toHaveText(
    `2 briefs assigned to ${ANALYST}.`,
  );
  await expect(page).toHaveURL(/\/\?q=bulkbrief&done=/);
  await expect(rowOf(page, first.title).getByTestId("row-triage")).toContainText(ANALYST);
  await expect(rowOf(page, second.title).getByTestId("row-triage")).toContainText(ANALYST);
  await expect(rowOf(page, rows[2].title).getByTestId("row-triage")).not.toContainText(ANALYST);
  await page.context().close();
});

test("a stale bulk change changes nothing and says which brief changed, by whom", async ({ browser }) => {
  const page = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  await page.goto(LIST);
  const [, , third, fourth] = rows;
  await page.getByRole("checkbox", { name: `Select ${third.title}` }).check();
  await page.getByRole("checkbox", { name: `Select ${fourth.title}` }).check();

  // Meanwhile another analyst takes the fourth brief from its page.
  const other = await signedInContext(E2E_AUTH_BASE, SECOND_ANALYST);
  const { version } = (await (await other.get(`/api/briefs/${fourth.slug}`)).json()) as { version: number };
  const taken = await other.post(`/api/briefs/${fourth.slug}/triage`, {
    headers: { origin: E2E_AUTH_BASE },
    form: { version: String(version), state: "in_review" },
  });
  expect(taken.status()).toBe(303);
  await other.dispose();

  await page.getByRole("combobox", { name: "State" }).selectOption("watching");
  await page.getByRole("button", { name: "Set state" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Nothing changed" });
  await expect(alert).toContainText(`"${fourth.title}" by ${SECOND_ANALYST} at `);
  await expect(alert).not.toContainText(third.title);
  await expect(rowOf(page, third.title).getByTestId("row-triage")).toContainText("New");
  await expect(rowOf(page, fourth.title).getByTestId("row-triage")).toContainText("In review");
  await page.context().close();
});

test("a viewer sees no checkboxes, and her forged bulk post is refused", async ({ browser }) => {
  const page = await signedInPage(browser, E2E_AUTH_BASE, VIEWER);
  await page.goto(LIST);
  await expect(page.getByRole("list", { name: "Briefs" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Selected briefs" })).toHaveCount(0);
  // Loaded twice: the second answer comes from the page cache, still without the analysts' controls.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);

  const forged = await page.request.post("/api/triage/bulk", {
    headers: { origin: E2E_AUTH_BASE },
    form: { brief: `0:${rows[4]?.slug ?? rows[3].slug}`, do: "assign-me" },
  });
  expect(forged.status()).toBe(403);
  // An analyst's cookie on a post from another site is refused as well.
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const crossSite = await analyst.post("/api/triage/bulk", {
    headers: { origin: "https://evil.example" },
    form: { brief: `0:${rows[3].slug}`, do: "assign-me" },
  });
  expect(crossSite.status()).toBe(403);
  await analyst.dispose();
  await page.context().close();
});

test("signed out: the list sends to sign-in and the bulk route answers 401", async () => {
  const visitor = await signedOutContext(E2E_AUTH_BASE);
  const list = await visitor.get(LIST);
  expect(list.status()).toBe(307);
  expect(list.headers().location).toMatch(/^\/sign-in\?next=/);
  const post = await visitor.post("/api/triage/bulk", {
    headers: { origin: E2E_AUTH_BASE },
    form: { brief: `0:${rows[3].slug}`, do: "assign-me" },
  });
  expect(post.status()).toBe(401);
  await visitor.dispose();
});

test("an admin's backlog form reports what it changed; run for a day before any brief, it changes nothing", async ({
  browser,
}) => {
  const page = await signedInPage(browser, E2E_AUTH_BASE, ADMIN);
  await page.goto("/admin/triage");
  await expect(page.getByTestId("backlog-count")).toContainText("still new");
  await page.getByLabel("Published before").fill("2000-01-01");
  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "No brief published before 2000-01-01 was still new: nothing changed.",
  );
  await page.context().close();
});

test("a service account made by an admin acts through its token under its own name", async ({ browser }) => {
  const page = await signedInPage(browser, E2E_AUTH_BASE, ADMIN);
  const name = `SOAR ${Date.now()}`;
  await page.goto("/admin/users");
  await page.getByLabel("Service account name").fill(name);
  await page.getByRole("button", { name: "Add service account" }).click();
  await expect(page.getByRole("status").first()).toContainText(`Created service account ${name}`);
  const form = page.getByRole("form", { name: `New token for ${name}` });
  await form.getByLabel("Name").fill("playbooks");
  await form.getByRole("checkbox", { name: "triage" }).check();
  await form.getByRole("button", { name: "Make token" }).click();
  const token = (await form.getByTestId("new-token").textContent())!.trim();
  await page.context().close();

  const api = await signedOutContext(E2E_AUTH_BASE);
  const slug = rows.at(-1)!.slug;
  const bearer = { authorization: `Bearer ${token}` };
  const read = await api.get(`/api/briefs/${slug}`, { headers: bearer });
  expect(read.status()).toBe(200);
  const changed = await api.patch(`/api/briefs/${slug}`, {
    headers: { ...bearer, "if-match": read.headers().etag },
    data: { state: "in_review" },
  });
  expect(changed.status()).toBe(200);
  await api.dispose();

  const analyst = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  await analyst.goto(`/briefs/${slug}`);
  const history = analyst.getByRole("list", { name: "Triage history" });
  await expect(history.getByRole("listitem").last()).toContainText(
    `${name} service account moved it from New to In review`,
  );
  await analyst.context().close();
});
