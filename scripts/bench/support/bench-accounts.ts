// What the signed-in benchmark parts share: a copy of the bench database to hold their accounts (so
// the signed-out parts, and the next run, keep a database with none), an account made as an operator
// makes one, and a session signed in through the password endpoint as the sign-in form does.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

/** A consistent copy through SQLite's online backup (the source may hold a WAL), replacing an older one. */
export async function copyDatabase(from: string, to: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${to}${suffix}`, { force: true });
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
}

/** Runs a project script under tsx; its output goes to this terminal unless `capture`, then it is returned. */
export function tsxScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { input?: string; capture?: boolean } = {},
) {
  return spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    input: options.input,
    encoding: "utf8",
    stdio: [options.input === undefined ? "ignore" : "pipe", options.capture ? "pipe" : "inherit", "inherit"],
  });
}

/** Makes an account on the database with a fresh random password (it exists for this measurement only) and returns the password. */
export function createBenchAccount(databaseUrl: string, email: string, role: "analyst" | "admin"): string {
  const password = crypto.randomBytes(18).toString("base64url");
  const created = tsxScript(
    "scripts/users-create.ts",
    ["--email", email, "--role", role],
    { DATABASE_URL: databaseUrl },
    {
      input: password,
    },
  );
  if (created.status !== 0) throw new Error(`users:create on ${databaseUrl} exited ${created.status}`);
  return password;
}

/** Signs in through the password endpoint, as the sign-in form does, and returns the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
    redirect: "manual",
  });
  if (response.status !== 200) throw new Error(`Sign-in answered ${response.status}: ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((header) => header.split(";")[0]);
  if (cookies.length === 0) throw new Error("Sign-in set no cookie");
  return cookies.join("; ");
}

/** The list must greet the user by email: a cookie the server ignored would measure signed-out pages. */
export async function assertSignedIn(baseUrl: string, cookie: string, email: string): Promise<void> {
  const response = await fetch(`${baseUrl}/`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(email))
    throw new Error(`The list did not answer as ${email} signed in (HTTP ${response.status})`);
}
