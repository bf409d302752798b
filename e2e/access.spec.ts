import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { accessVerdict, type Principal, type Surface } from "../lib/auth/access-rules";
import { E2E_AUTH_BASE, E2E_AUTH_DATABASE, E2E_PUBLIC_BASE } from "../playwright.config";
import { createUser, signedInContext, signedOutContext } from "./auth-helpers";

// Every route under app/ and how it is reached. `surface` routes follow the access table
// (lib/auth/access-rules.ts); the others have rules of their own, written out in `expect`.
type Kind = "page" | "read" | "form" | "json";
type RouteCase = { file: string; method: "GET" | "POST"; url: string; kind: Kind; surface?: Surface };

const SLUG = "2024-01-30-entra-id-lockouts";
const RULE = "e046247f-8487-40c1-9cc6-fe061c520f48";

const ROUTES: RouteCase[] = [
  { file: "page.tsx", method: "GET", url: "/?severity=high", kind: "page", surface: "briefs" },
  { file: "briefs/[slug]/page.tsx", method: "GET", url: `/briefs/${SLUG}`, kind: "page", surface: "briefs" },
  {
    file: "briefs/[slug]/opengraph-image.tsx",
    method: "GET",
    url: `/briefs/${SLUG}/opengraph-image`,
    kind: "page",
    surface: "briefs",
  },
  { file: "overview/page.tsx", method: "GET", url: "/overview", kind: "page", surface: "overview" },
  { file: "coverage/page.tsx", method: "GET", url: "/coverage", kind: "page", surface: "coverage" },
  { file: "coverage.csv/route.ts", method: "GET", url: "/coverage.csv", kind: "read", surface: "coverage" },
  {
    file: "coverage/layer.json/route.ts",
    method: "GET",
    url: "/coverage/layer.json?of=rules",
    kind: "read",
    surface: "coverage",
  },
  { file: "detections/page.tsx", method: "GET", url: "/detections", kind: "page", surface: "detections" },
  { file: "detections/[id]/page.tsx", method: "GET", url: `/detections/${RULE}`, kind: "page", surface: "detections" },
  {
    file: "detections/[id]/rule/route.ts",
    method: "GET",
    url: `/detections/${RULE}/rule`,
    kind: "read",
    surface: "detections",
  },
  { file: "rss.xml/route.ts", method: "GET", url: "/rss.xml", kind: "read", surface: "feeds" },
  { file: "feed.json/route.ts", method: "GET", url: "/feed.json", kind: "read", surface: "feeds" },
  { file: "triage.csv/route.ts", method: "GET", url: "/triage.csv?status=new", kind: "read", surface: "triageRead" },
  { file: "status/page.tsx", method: "GET", url: "/status", kind: "page", surface: "status" },
  { file: "account/page.tsx", method: "GET", url: "/account", kind: "page", surface: "account" },
  { file: "admin/users/page.tsx", method: "GET", url: "/admin/users", kind: "page", surface: "admin" },
  { file: "admin/audit/page.tsx", method: "GET", url: "/admin/audit?outcome=denied", kind: "page", surface: "admin" },
  { file: "admin/triage/page.tsx", method: "GET", url: "/admin/triage", kind: "page", surface: "admin" },
  {
    file: "api/admin/triage/mark-reviewed/route.ts",
    method: "POST",
    url: "/api/admin/triage/mark-reviewed",
    kind: "form",
    surface: "admin",
  },
  {
    file: "api/admin/users/service/route.ts",
    method: "POST",
    url: "/api/admin/users/service",
    kind: "form",
    surface: "admin",
  },
  {
    file: "api/admin/users/tokens/route.ts",
    method: "POST",
    url: "/api/admin/users/tokens",
    kind: "json",
    surface: "admin",
  },
  {
    file: "api/triage/bulk/route.ts",
    method: "POST",
    url: "/api/triage/bulk?status=new",
    kind: "form",
    surface: "triage",
  },
  {
    file: "api/account/password/route.ts",
    method: "POST",
    url: "/api/account/password",
    kind: "form",
    surface: "account",
  },
  {
    file: "api/account/sessions/route.ts",
    method: "POST",
    url: "/api/account/sessions",
    kind: "form",
    surface: "account",
  },
  { file: "api/account/tokens/route.ts", method: "POST", url: "/api/account/tokens", kind: "json", surface: "account" },
  {
    file: "api/account/tokens/revoke/route.ts",
    method: "POST",
    url: "/api/account/tokens/revoke",
    kind: "form",
    surface: "account",
  },
  {
    file: "api/admin/users/role/route.ts",
    method: "POST",
    url: "/api/admin/users/role",
    kind: "form",
    surface: "admin",
  },
  {
    file: "api/admin/users/disable/route.ts",
    method: "POST",
    url: "/api/admin/users/disable",
    kind: "form",
    surface: "admin",
  },
  {
    file: "api/admin/users/password/route.ts",
    method: "POST",
    url: "/api/admin/users/password",
    kind: "form",
    surface: "admin",
  },
  {
    file: "api/admin/users/create/route.ts",
    method: "POST",
    url: "/api/admin/users/create",
    kind: "form",
    surface: "admin",
  },
  {
    file: "api/admin/users/sessions/route.ts",
    method: "POST",
    url: "/api/admin/users/sessions",
    kind: "form",
    surface: "admin",
  },
  {
    file: "api/briefs/[slug]/route.ts",
    method: "GET",
    url: `/api/briefs/${SLUG}`,
    kind: "read",
    surface: "triageRead",
  },
  {
    file: "api/briefs/[slug]/triage/route.ts",
    method: "POST",
    url: `/api/briefs/${SLUG}/triage`,
    kind: "form",
    surface: "triage",
  },
  {
    file: "api/briefs/[slug]/notes/route.ts",
    method: "POST",
    url: `/api/briefs/${SLUG}/notes`,
    kind: "json",
    surface: "triage",
  },
  {
    file: "api/briefs/[slug]/notes/[id]/route.ts",
    method: "POST",
    url: `/api/briefs/${SLUG}/notes/no-such-note`,
    kind: "form",
    surface: "triage",
  },
  {
    file: "api/account/preferred-siem/route.ts",
    method: "POST",
    url: "/api/account/preferred-siem",
    kind: "json",
    surface: "account",
  },
  {
    file: "api/detections/[id]/deployments/[siem]/route.ts",
    method: "POST",
    url: `/api/detections/${RULE}/deployments/sentinel`,
    kind: "form",
    surface: "deployments",
  },
  // Open to all, with rules of their own (see the test "routes outside the access table").
  { file: "sign-in/page.tsx", method: "GET", url: "/sign-in", kind: "page" },
  { file: "setup/page.tsx", method: "GET", url: "/setup?token=guess", kind: "page" },
  { file: "api/health/route.ts", method: "GET", url: "/api/health", kind: "read" },
  { file: "api/ingest/route.ts", method: "POST", url: "/api/ingest", kind: "json" },
  { file: "api/auth/[...all]/route.ts", method: "POST", url: "/api/auth/sign-up/email", kind: "json" },
  { file: "api/setup/route.ts", method: "POST", url: "/api/setup", kind: "json" },
  { file: "api/sign-out/route.ts", method: "POST", url: "/api/sign-out", kind: "form" },
  { file: "api/sso/route.ts", method: "POST", url: "/api/sso", kind: "form" },
];

/** Server actions ("use server"): the dashboard has none; one added without a case here fails the walk. */
const SERVER_ACTIONS: string[] = [];

const root = path.resolve(import.meta.dirname, "..");

function routeFiles(directory = path.join(root, "app"), prefix = ""): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return routeFiles(path.join(directory, entry.name), relative);
    return /^(page|route|opengraph-image)\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

function serverActionFiles(): string[] {
  return ["app", "components", "lib"].flatMap((folder) =>
    fs
      .readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
      .filter((file) => /\.tsx?$/.test(file))
      .filter((file) => /^\s*["']use server["']/m.test(fs.readFileSync(path.join(root, folder, file), "utf8")))
      .map((file) => `${folder}/${file}`),
  );
}

test("every route under app/ and every server action has its access case here", () => {
  expect(routeFiles().sort()).toEqual(ROUTES.map((route) => route.file).sort());
  expect(serverActionFiles()).toEqual(SERVER_ACTIONS);
});

type Who = "signed-out" | "viewer" | "analyst" | "admin";
const contexts = new Map<Who, APIRequestContext>();

test.beforeAll(async () => {
  // Three users through the CLI (a process each) and three sign-ins: more than 30 s on a busy machine.
  test.setTimeout(120_000);
  createUser(E2E_AUTH_DATABASE, "access-viewer@example.org", "viewer");
  createUser(E2E_AUTH_DATABASE, "access-analyst@example.org", "analyst");
  createUser(E2E_AUTH_DATABASE, "access-admin@example.org", "admin");
  contexts.set("signed-out", await signedOutContext(E2E_AUTH_BASE));
  for (const role of ["viewer", "analyst", "admin"] as const)
    contexts.set(role, await signedInContext(E2E_AUTH_BASE, `access-${role}@example.org`));
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.dispose();
});

async function send(context: APIRequestContext, route: RouteCase, origin: string): Promise<APIResponse> {
  if (route.method === "GET") return context.get(route.url);
  const headers = { origin };
  if (route.kind === "form") return context.post(route.url, { headers, form: {} });
  return context.post(route.url, { headers, data: {} });
}

/** What a route must answer a caller, from the access table's verdict. */
function expectedStatus(route: RouteCase, principal: Principal, publicRead: boolean): number[] {
  const verdict = accessVerdict(principal, route.surface!, publicRead);
  if (verdict === "forbidden") return [403];
  if (verdict === "sign-in") return route.kind === "page" ? [307] : [401];
  if (route.kind === "form") return [303];
  if (route.kind === "json") return [400];
  return [200];
}

const principalOf = (who: Who): Principal =>
  who === "signed-out" ? { kind: "anonymous" } : { kind: "user", userId: who, role: who };

for (const route of ROUTES.filter((candidate) => candidate.surface)) {
  test(`${route.method} ${route.url} holds the access table for each caller`, async () => {
    for (const who of ["signed-out", "viewer", "analyst", "admin"] as const) {
      const response = await send(contexts.get(who)!, route, E2E_AUTH_BASE);
      expect(expectedStatus(route, principalOf(who), false), `${who}: ${await response.text()}`).toContain(
        response.status(),
      );
      if (response.status() === 307)
        expect(response.headers().location).toBe(`/sign-in?next=${encodeURIComponent(route.url)}`);
    }
    // PUBLIC_READ=1 on a server of its own, signed out.
    const publicContext = await signedOutContext(E2E_PUBLIC_BASE);
    const response = await send(publicContext, route, E2E_PUBLIC_BASE);
    expect(expectedStatus(route, { kind: "anonymous" }, true), `PUBLIC_READ: ${route.url}`).toContain(
      response.status(),
    );
    await publicContext.dispose();
  });
}

test("routes outside the access table: health says up or down only to the signed out, the rest is refused or closed", async () => {
  const signedOut = contexts.get("signed-out")!;
  expect(await (await signedOut.get("/api/health")).json()).toEqual({ status: "ok" });
  expect(Object.keys(await (await contexts.get("viewer")!.get("/api/health")).json())).toEqual(["status"]);
  expect(await (await contexts.get("analyst")!.get("/api/health")).json()).toHaveProperty("feeds");
  for (const who of ["signed-out", "viewer", "admin"] as const) {
    const context = contexts.get(who)!;
    // A browser session never triggers an ingest: INGEST_TOKEN or a token with the ingest scope does.
    expect((await context.post("/api/ingest")).status()).toBe(401);
    // better-auth's own endpoints beyond sign-in are closed: no sign-up, no session list.
    expect(
      (await context.post("/api/auth/sign-up/email", { headers: { origin: E2E_AUTH_BASE }, data: {} })).status(),
    ).toBe(404);
    expect((await context.get("/api/auth/get-session")).status()).toBe(404);
    expect((await context.get("/setup?token=guess")).status()).toBe(200);
    expect(
      (
        await context.post("/api/setup", {
          headers: { origin: E2E_AUTH_BASE },
          data: { token: "guess", email: "x@example.org", password: "x" },
        })
      ).status(),
    ).toBe(400);
    expect((await context.post("/api/sso", { headers: { origin: E2E_AUTH_BASE }, form: {} })).status()).toBe(303);
  }
  expect((await signedOut.get("/sign-in")).status()).toBe(200);
  expect((await contexts.get("viewer")!.get("/sign-in?next=/overview")).headers().location).toBe("/overview");
  expect((await signedOut.post("/api/sign-out", { headers: { origin: E2E_AUTH_BASE }, form: {} })).status()).toBe(303);
});

test("a forged cross-site POST is refused by every state-changing route, whoever's cookie it carries", async () => {
  for (const route of ROUTES.filter(
    (candidate) => candidate.method === "POST" && candidate.file !== "api/ingest/route.ts",
  )) {
    for (const who of ["signed-out", "admin"] as const) {
      const response = await send(contexts.get(who)!, route, "https://evil.example");
      expect(response.status(), `${who} ${route.url}`).toBe(403);
    }
  }
  // A POST without Origin passes only when Fetch Metadata says it is same-origin.
  const noOrigin = await contexts.get("admin")!.post("/api/admin/users/role", { form: { user: "x", role: "admin" } });
  expect(noOrigin.status()).toBe(403);
});
