import { spawnSync } from "node:child_process";
import {
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type Browser,
  type Page,
} from "@playwright/test";

export const USER_PASSWORD = "velvet harbor quartz sprout";

/** Creates a local user on a server's database through `npm run users:create`, as an operator would. */
export function createUser(databaseUrl: string, email: string, role: "viewer" | "analyst" | "admin"): void {
  const result = spawnSync("npm", ["run", "--silent", "users:create", "--", "--email", email, "--role", role], {
    input: USER_PASSWORD,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0 && !/exists already/.test(result.stderr))
    throw new Error(`users:create failed: ${result.stdout}${result.stderr}`);
}

/** Makes an API token for a user through `npm run tokens:create` and returns it, as an operator would. */
export function createToken(databaseUrl: string, email: string, scopes: string): string {
  const result = spawnSync("npm", ["run", "--silent", "tokens:create", "--", "--email", email, "--scopes", scopes], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`tokens:create failed: ${result.stdout}${result.stderr}`);
  return result.stdout.trim();
}

/** Signs in through the password endpoint and returns a request context carrying the session cookie. */
export async function signedInContext(
  baseURL: string,
  email: string,
  password = USER_PASSWORD,
): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, maxRedirects: 0 });
  const response = await context.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL },
    data: { email, password },
  });
  if (response.status() !== 200)
    throw new Error(`Sign-in of ${email} answered ${response.status()}: ${await response.text()}`);
  return context;
}

export async function signedOutContext(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, maxRedirects: 0 });
}

/** Signs in on the sign-in page in this browser page, as a user would, and waits for the signed-in header. */
export async function signInOnPage(page: Page, email: string, password = USER_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** A page in a browser context of its own on `baseURL`, signed in as `email`. */
export async function signedInPage(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signInOnPage(page, email);
  return page;
}
