import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_AUTH_BASE, E2E_OIDC_CLIENT, E2E_OIDC_PORT } from "../playwright.config";
import { startOidcProvider, type TestOidcProvider } from "./oidc-provider";

test.describe.configure({ mode: "serial", timeout: 90_000 });

let idp: TestOidcProvider | null = null;

test.beforeAll(async () => {
  idp = await startOidcProvider({
    port: E2E_OIDC_PORT,
    clientId: E2E_OIDC_CLIENT.id,
    clientSecret: E2E_OIDC_CLIENT.secret,
    redirectUri: `${E2E_AUTH_BASE}/api/auth/callback/oidc`,
  });
});

test.afterAll(async () => {
  await idp?.stop();
});

/** Goes through the provider's own login and consent forms, as a person would. */
async function signInThroughProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${E2E_AUTH_BASE}/sign-in`);
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("single sign-on lands on the list, with the admin role from the provider's groups claim", async ({ page }) => {
  await signInThroughProvider(page, "alice-admin");
  await expect(page).toHaveURL(`${E2E_AUTH_BASE}/`);
  await expect(page.getByRole("link", { name: /alice-admin \(Admin\)/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toBeVisible();
});

test("a user the role map does not name gets the default role, viewer", async ({ page }) => {
  await signInThroughProvider(page, "bob-viewer");
  await expect(page).toHaveURL(`${E2E_AUTH_BASE}/`);
  await expect(page.getByRole("link", { name: /bob-viewer \(Viewer\)/ })).toBeVisible();
  await page.goto(`${E2E_AUTH_BASE}/admin/users`);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

for (const mischief of ["wrong-audience", "wrong-issuer", "replayed-nonce"] as const) {
  test(`the dashboard refuses an ID token with the ${mischief.replace("-", " ")}`, async ({ page }) => {
    idp!.setMischief(mischief);
    try {
      await signInThroughProvider(page, "alice-admin");
      await expect(page).toHaveURL(/\/sign-in\?error=/);
      await expect(page.locator("main").getByRole("alert")).toContainText("refused");
      await page.goto(`${E2E_AUTH_BASE}/account`);
      await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount/);
    } finally {
      idp!.setMischief("none");
    }
  });
}

test("with the provider stopped, the sign-in page says so and a local account still signs in", async ({ page }) => {
  await idp!.stop();
  idp = null;
  await expect(async () => {
    await page.goto(`${E2E_AUTH_BASE}/sign-in`);
    await expect(page.getByText("Test IdP cannot be reached right now.")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.getByLabel("Email", { exact: true }).fill(E2E_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${E2E_AUTH_BASE}/`);
  await expect(page.getByRole("link", { name: /\(Admin\)/ })).toBeVisible();
});
