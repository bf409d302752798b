// The load and Lighthouse parts again, as a signed-in admin: every request then checks its session in
// the database before the shared-page cache answers, and pages are kept per role. Runs on a copy of
// the bench database holding one account, so the signed-out parts (and the next benchmark) keep
// measuring a dashboard with no account.
//   tsx --conditions=react-server scripts/bench/signed-in.ts [--database file:./data/bench.db]
//     [--load-out bench-results/load-signed-in.json] [--lighthouse-out bench-results/lighthouse-signed-in.json]
//     [--load-args "--connections 32 --seconds 15"] [--lighthouse-args "--runs 3"]
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { startServer } from "./next-server";
import { optionsOrUsage } from "../options-or-usage";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  'Usage: tsx --conditions=react-server scripts/bench/signed-in.ts [--database file:./data/bench.db] [--load-out FILE] [--lighthouse-out FILE] [--load-args "..."] [--lighthouse-args "..."]';
const BENCH_ADMIN = "bench-admin@example.org";

function readOptions() {
  const { values } = parseArgs({
    options: {
      database: { type: "string", default: "file:./data/bench.db" },
      "load-out": { type: "string", default: "bench-results/load-signed-in.json" },
      "lighthouse-out": { type: "string", default: "bench-results/lighthouse-signed-in.json" },
      "load-args": { type: "string", default: "" },
      "lighthouse-args": { type: "string", default: "" },
    },
    allowPositionals: false,
  });
  if (!values.database.startsWith("file:")) throw new Error("--database must be a SQLite file: URL");
  return {
    database: values.database,
    loadOut: values["load-out"],
    lighthouseOut: values["lighthouse-out"],
    loadArgs: values["load-args"].split(/\s+/).filter(Boolean),
    lighthouseArgs: values["lighthouse-args"].split(/\s+/).filter(Boolean),
  };
}

function fileOf(databaseUrl: string): string {
  return path.resolve(root, databaseUrl.slice("file:".length));
}

/** A consistent copy through SQLite's online backup (the source may hold a WAL), replacing an older one. */
async function copyDatabase(from: string, to: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${to}${suffix}`, { force: true });
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
}

function tsx(script: string, args: string[], env: Record<string, string>, input?: string) {
  return spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    input,
    stdio: [input === undefined ? "ignore" : "pipe", "inherit", "inherit"],
  });
}

/** Signs in through the password endpoint, as the sign-in form does, and returns the session cookie. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
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

/** The list must greet the admin by email: a cookie the server ignored would measure signed-out pages. */
async function assertSignedIn(baseUrl: string, cookie: string): Promise<void> {
  const response = await fetch(`${baseUrl}/`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(BENCH_ADMIN))
    throw new Error(`The list did not answer as ${BENCH_ADMIN} signed in (HTTP ${response.status})`);
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  process.chdir(root);
  const source = fileOf(options.database);
  const copy = source.replace(/(\.db)?$/, "-signed-in.db");
  const copyUrl = `file:${path.relative(root, copy)}`;
  console.log(`Copying ${path.relative(root, source)} to ${path.relative(root, copy)} for the signed-in runs`);
  await copyDatabase(source, copy);

  // A fresh random password per run: the account exists only in this copy, for this measurement.
  const password = crypto.randomBytes(18).toString("base64url");
  const created = tsx(
    "scripts/users-create.ts",
    ["--email", BENCH_ADMIN, "--role", "admin"],
    { DATABASE_URL: copyUrl },
    password,
  );
  if (created.status !== 0) throw new Error(`users:create on ${copyUrl} exited ${created.status}`);

  const server = await startServer(copyUrl);
  try {
    const cookie = await signIn(server.baseUrl, BENCH_ADMIN, password);
    await assertSignedIn(server.baseUrl, cookie);
    const env = { BENCH_COOKIE: cookie };
    const load = tsx(
      "scripts/bench/load.ts",
      [...options.loadArgs, "--base-url", server.baseUrl, "--out", options.loadOut],
      env,
    );
    const lighthouse = tsx(
      "scripts/bench/lighthouse.ts",
      [...options.lighthouseArgs, "--base-url", server.baseUrl, "--out", options.lighthouseOut],
      env,
    );
    return load.status === 0 && lighthouse.status === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Signed-in benchmark stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
