import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";

// A server of its own, started as a newcomer's `npm start` would serve (no account, no settings but
// the port), so the setup link it prints can be read from its console.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 6;
const BASE = `http://127.0.0.1:${PORT}`;
const DATABASE = "data/e2e-first-admin.db";

test.describe.configure({ mode: "serial", timeout: 120_000 });

let server: ChildProcess | null = null;
let output = "";

test.beforeAll(async () => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${DATABASE}${suffix}`, { force: true });
  server = spawn("npm", ["run", "--silent", "serve"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: `file:./${DATABASE}`,
      FEED_URLS: "",
      INGEST_INTERVAL_MINUTES: "0",
      RULE_SOURCES: "",
      RULES_SYNC_INTERVAL_HOURS: "0",
    },
    detached: true,
  });
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => /\/setup\?token=/.test(output), { timeout: 90_000, intervals: [500] }).toBe(true);
});

test.afterAll(() => {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
});

test("a fresh start shows the briefs with the setup banner, its console the setup link, which works once", async ({
  page,
  request,
}) => {
  await page.goto(`${BASE}/`);
  await expect(page.getByRole("heading", { name: "Threat briefs" })).toBeVisible();
  await expect(page.getByText("No account exists yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Entra ID Excessive Account Lockouts Detected" })).toBeVisible();

  const link = /(http:\/\/localhost:\d+\/setup\?token=[A-Za-z0-9_-]+)/
    .exec(output)![1]
    .replace("http://localhost", "http://127.0.0.1");
  expect(fs.readFileSync("data/setup-link.txt", "utf8")).toContain(new URL(link).search);
  await page.goto(link);
  await page.getByLabel("Email").fill("first@example.org");
  await page.getByLabel("Name").fill("First Admin");
  await page.getByLabel(/^Password/).fill("copper lantern orbit meadow");
  await page.getByRole("button", { name: "Create the admin" }).click();
  await expect(page).toHaveURL(`${BASE}/sign-in`);

  // Used once: refused from then on.
  await page.goto(link);
  await expect(page.getByText("This setup link has been used or is not valid.")).toBeVisible();
  const again = await request.post(`${BASE}/api/setup`, {
    headers: { origin: BASE },
    data: {
      token: new URL(link).searchParams.get("token"),
      email: "second@example.org",
      password: "velvet harbor quartz sprout",
    },
  });
  expect(again.status()).toBe(400);

  // From now on a signed-out visitor is sent to sign in, and comes back to the page asked for.
  await page.goto(`${BASE}/coverage?severity=high`);
  await expect(page).toHaveURL(`${BASE}/sign-in?next=%2Fcoverage%3Fseverity%3Dhigh`);
  await page.getByLabel("Email", { exact: true }).fill("first@example.org");
  await page.getByLabel("Password", { exact: true }).fill("copper lantern orbit meadow");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${BASE}/coverage?severity=high`);
  await expect(page.getByRole("link", { name: /First Admin \(Admin\)/ })).toBeVisible();
});
