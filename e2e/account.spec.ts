import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_AUTH_BASE, E2E_AUTH_DATABASE } from "../playwright.config";
import { createUser, signedInContext, USER_PASSWORD } from "./auth-helpers";

test.describe.configure({ mode: "serial", timeout: 90_000 });
test.use({ baseURL: E2E_AUTH_BASE });

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("a user sees their sessions, ends another one, and changes their password, which ends the rest", async ({
  page,
}) => {
  createUser(E2E_AUTH_DATABASE, "account-owner@example.org", "viewer");
  const elsewhere = await signedInContext(E2E_AUTH_BASE, "account-owner@example.org");
  expect((await elsewhere.get("/account")).status()).toBe(200);

  await signIn(page, "account-owner@example.org", USER_PASSWORD);
  await page.goto("/account");
  const sessions = page.getByRole("region", { name: "Sessions" });
  await expect(sessions.getByRole("row")).toHaveCount(3);
  await expect(sessions.getByText("This browser")).toBeVisible();
  await sessions.getByRole("button", { name: "End", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("1 session ended.");
  expect((await elsewhere.get("/account")).status()).toBe(307);

  const other = await signedInContext(E2E_AUTH_BASE, "account-owner@example.org");
  await page.getByLabel("Current password").fill(USER_PASSWORD);
  await page.getByLabel(/New password/).fill("password1234");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "too common" })).toBeVisible();

  await page.getByLabel("Current password").fill(USER_PASSWORD);
  await page.getByLabel(/New password/).fill("saffron glacier tandem orbit");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Password changed");
  // This browser carries on with its new session; the other one has ended.
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  expect((await other.get("/account")).status()).toBe(307);
  await Promise.all([elsewhere.dispose(), other.dispose()]);
  await signedInContext(E2E_AUTH_BASE, "account-owner@example.org", "saffron glacier tandem orbit").then((context) =>
    context.dispose(),
  );
});

test("an admin resets a user's password: the user's sessions end and the new password works", async ({ page }) => {
  createUser(E2E_AUTH_DATABASE, "forgetful@example.org", "viewer");
  const forgetful = await signedInContext(E2E_AUTH_BASE, "forgetful@example.org");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: "forgetful@example.org" });
  await row.getByLabel("New password for forgetful@example.org").fill("lantern meadow copper zephyr");
  await row.getByRole("button", { name: "Reset" }).click();
  await expect(page.getByRole("status")).toContainText("Password reset");
  expect((await forgetful.get("/account")).status()).toBe(307);
  await forgetful.dispose();
  await signedInContext(E2E_AUTH_BASE, "forgetful@example.org", "lantern meadow copper zephyr").then((context) =>
    context.dispose(),
  );

  await page.goto("/admin/audit?action=password.reset");
  await expect(page.getByRole("cell", { name: "password.reset" })).toHaveCount(1);
});
