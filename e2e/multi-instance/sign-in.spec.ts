import { expect, test } from "@playwright/test";
import { DashboardServer, PORTS, TestDatabase } from "./cluster";

const ADMIN = { email: "admin@example.org", password: "copper lantern orbit meadow" };

let database: TestDatabase;
let servers: DashboardServer[] = [];

test.beforeAll(async () => {
  database = await TestDatabase.create("sign_in");
  const env = {
    DATABASE_URL: database.url,
    FEED_URLS: "",
    INGEST_INTERVAL_MINUTES: "0",
    RULE_SOURCES: "",
    RULES_SYNC_INTERVAL_HOURS: "0",
    NOTIFY_CONFIG: "",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // Both instances sign sessions with one secret, as several hosts must be configured.
    AUTH_SECRET: "multi-instance-auth-secret-0123456789abcdef",
    // The throttle test speaks for client addresses of its own through X-Forwarded-For.
    TRUST_PROXY_HOPS: "1",
  };
  // One after the other: the first creates the admin from ADMIN_EMAIL, the second finds it.
  servers.push(await DashboardServer.start("sign-in-a", PORTS.pair[0], env));
  servers.push(await DashboardServer.start("sign-in-b", PORTS.pair[1], env));
});

test.afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  await database?.drop();
});

async function signIn(base: string, password = ADMIN.password, address = "192.0.2.1"): Promise<Response> {
  return fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ email: ADMIN.email, password }),
  });
}

function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("briefs.session_token="));
  if (!cookie) throw new Error("No session cookie was set");
  return cookie.split(";")[0];
}

const statusOf = async (base: string, path: string, cookie: string) =>
  (await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" })).status;

test("a session made on one instance works on the other, and signing out on one ends it on both", async () => {
  const [a, b] = servers;
  const signedIn = await signIn(a.baseUrl);
  expect(signedIn.status).toBe(200);
  const cookie = sessionCookieOf(signedIn);
  expect(await statusOf(b.baseUrl, "/admin/users", cookie)).toBe(200);
  expect(await statusOf(a.baseUrl, "/admin/users", cookie)).toBe(200);

  // Sign-ins, sessions and audit rows are not data changes: the other instance's cached page stays.
  const cached = async () =>
    (await fetch(`${b.baseUrl}/?severity=high`, { headers: { cookie } })).headers.get("x-page-cache");
  await expect.poll(cached, { timeout: 10_000 }).toBe("hit");
  expect((await signIn(a.baseUrl, "a wrong password here", "192.0.2.50")).status).toBe(401);
  expect((await signIn(a.baseUrl)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await cached()).toBe("hit");

  const signedOut = await fetch(`${a.baseUrl}/api/sign-out`, {
    method: "POST",
    headers: { cookie, origin: a.baseUrl },
    redirect: "manual",
  });
  expect(signedOut.status).toBe(303);
  expect(await statusOf(b.baseUrl, "/admin/users", cookie)).toBe(307);
  expect(await statusOf(a.baseUrl, "/admin/users", cookie)).toBe(307);
});

test("the sixth wrong password within 15 minutes answers 429 on both instances", async () => {
  const [a, b] = servers;
  // The first test's wrong password counts too: with these four, five in the window.
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++)
    statuses.push((await signIn(i % 2 ? b.baseUrl : a.baseUrl, `wrong guess ${i}`, "198.51.100.7")).status);
  expect(statuses).toEqual([401, 401, 401, 401]);
  expect((await signIn(a.baseUrl, "wrong guess 5", "198.51.100.8")).status).toBe(429);
  expect((await signIn(b.baseUrl, "wrong guess 6", "198.51.100.9")).status).toBe(429);
  const [row] = await database.rows<{ attempts: number }>(
    `SELECT count(*)::int AS "attempts" FROM "AuditEvent" WHERE "action" = 'sign-in' AND "actorEmail" = $1 AND "outcome" <> 'success'`,
    [ADMIN.email],
  );
  // One wrong password in the first test, four here, two throttled: each attempt is in the audit.
  expect(row.attempts).toBe(7);
});
