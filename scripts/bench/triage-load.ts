// The load part again for team triage (issue 20): on a copy of the bench database where `--triaged`
// briefs carry a decision and one to three history lines, an analyst's session loads the list
// filtered by status and a decided brief at 32 connections, while a writer sends triage changes
// through the real API (PATCH /api/briefs/{slug} with If-Match, a `triage` token) the whole time.
// Every write moves the data version, so the pages are rendered again and again, not served from
// the cache alone. A tenth of the writes re-sends an ETag the writer has just made stale: each must
// be refused (412), and every other taken (200).
//   tsx --conditions=react-server scripts/bench/triage-load.ts [--database file:./data/bench.db] [--triaged 20000]
//     [--writes-per-second 20] [--out bench-results/load-triage.json] [--load-args "--connections 32 --seconds 15"]
//   --writes-per-second 0 loads the same pages with no writer: the baseline for the same minutes.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { startServer } from "./next-server";
import { median, percentile } from "@/scripts/bench/support/latency-report";
import {
  assertSignedIn,
  copyDatabase,
  createBenchAccount,
  signIn,
  tsxScript,
} from "@/scripts/bench/support/bench-accounts";
import { seedTriage } from "@/scripts/bench/support/triage-seed";
import { optionsOrUsage } from "../options-or-usage";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  'Usage: tsx --conditions=react-server scripts/bench/triage-load.ts [--database file:./data/bench.db] [--triaged 20000] [--writes-per-second 20] [--out FILE] [--load-args "..."]';
const BENCH_ANALYST = "bench-analyst@example.org";
/** Every STALE_EVERY-th write is followed by the same change sent with the ETag it has just made stale. */
const STALE_EVERY = 10;
const WRITE_STATES = ["in_review", "hunting", "adopted", "watching"] as const;

function readOptions() {
  const { values } = parseArgs({
    options: {
      database: { type: "string", default: "file:./data/bench.db" },
      triaged: { type: "string", default: "20000" },
      "writes-per-second": { type: "string", default: "20" },
      out: { type: "string", default: "bench-results/load-triage.json" },
      "load-args": { type: "string", default: "" },
    },
    allowPositionals: false,
  });
  if (!values.database.startsWith("file:")) throw new Error("--database must be a SQLite file: URL");
  const triaged = Number(values.triaged);
  const writesPerSecond = Number(values["writes-per-second"]);
  if (!Number.isInteger(triaged) || triaged < 1) throw new Error("--triaged must be a positive integer");
  // 0: the same pages with no writer, to set beside a run with one in the same minutes.
  if (!Number.isFinite(writesPerSecond) || writesPerSecond < 0 || writesPerSecond > 500)
    throw new Error("--writes-per-second must be 0–500");
  return {
    database: values.database,
    triaged,
    writesPerSecond,
    out: values.out,
    loadArgs: values["load-args"].split(/\s+/).filter(Boolean),
  };
}

type WriteCounts = {
  sent: number;
  applied: number;
  refused: number;
  staleSent: number;
  failed: number;
  firstFailure: string | null;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
};

/** Sends triage changes, up to `perSecond` of them a second, until stopped; counts what the server answered. */
function startWriter(baseUrl: string, token: string, slugs: string[], perSecond: number) {
  const counts = { sent: 0, applied: 0, refused: 0, staleSent: 0, failed: 0, firstFailure: null as string | null };
  const latenciesMs: number[] = [];
  const started = performance.now();
  const headers = (etag: string) => ({
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    "if-match": etag,
  });
  const fail = (message: string) => {
    counts.failed += 1;
    counts.firstFailure ??= message;
  };
  const patch = async (url: string, etag: string, body: unknown, expected: number) => {
    const sentAt = performance.now();
    counts.sent += 1;
    const response = await fetch(url, { method: "PATCH", headers: headers(etag), body: JSON.stringify(body) });
    await response.arrayBuffer();
    latenciesMs.push(performance.now() - sentAt);
    if (response.status === 200) counts.applied += 1;
    else if (response.status === 412) counts.refused += 1;
    if (response.status !== expected)
      fail(`PATCH ${url} with If-Match ${etag}: HTTP ${response.status}, expected ${expected}`);
  };
  const write = async (number: number) => {
    const url = `${baseUrl}/api/briefs/${slugs[(number * 7919) % slugs.length]}`;
    const read = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await read.arrayBuffer();
    const etag = read.headers.get("etag");
    if (read.status !== 200 || !etag) return fail(`GET ${url}: HTTP ${read.status}`);
    const change = { state: WRITE_STATES[number % WRITE_STATES.length], comment: `Bench write ${number}.` };
    await patch(url, etag, change, 200);
    if (number % STALE_EVERY === 0) {
      counts.staleSent += 1;
      await patch(url, etag, { ...change, comment: `Stale bench write ${number}.` }, 412);
    }
  };
  // One write at a time, at most `perSecond`: a server that falls behind slows the writer, as it
  // would an analyst, instead of piling up a queue that outlives the measurement.
  let stopped = perSecond === 0;
  let wake = () => {};
  const loop = (async () => {
    for (let number = 0; !stopped; number += 1) {
      const startedAt = performance.now();
      await write(number).catch((error: unknown) => fail(errorMessage(error)));
      const wait = 1000 / perSecond - (performance.now() - startedAt);
      if (wait > 0 && !stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => (clearTimeout(timer), resolve());
        });
    }
  })();
  return async (): Promise<WriteCounts> => {
    stopped = true;
    wake();
    await loop;
    const seconds = (performance.now() - started) / 1000;
    return {
      ...counts,
      p50Ms: median(latenciesMs),
      p99Ms: percentile(latenciesMs, 0.99),
      perSecond: (counts.sent - counts.staleSent) / seconds,
    };
  };
}

function runLoad(args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/bench/load.ts", ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

function userIdOf(file: string, email: string): string {
  const database = new Database(file, { readonly: true });
  try {
    const row = database.prepare(`SELECT "id" FROM "User" WHERE "email" = ?`).get(email) as { id: string } | undefined;
    if (!row) throw new Error(`No account ${email} in ${file}`);
    return row.id;
  } finally {
    database.close();
  }
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  process.chdir(root);
  const source = path.resolve(root, options.database.slice("file:".length));
  const copy = source.replace(/(\.db)?$/, "-triage.db");
  const copyUrl = `file:${path.relative(root, copy)}`;
  console.log(`Copying ${path.relative(root, source)} to ${path.relative(root, copy)} for the triage run`);
  await copyDatabase(source, copy);

  const password = createBenchAccount(copyUrl, BENCH_ANALYST, "analyst");
  const token = tsxScript(
    "scripts/tokens-create.ts",
    ["--email", BENCH_ANALYST, "--scopes", "read,triage", "--days", "1"],
    { DATABASE_URL: copyUrl },
    { capture: true },
  );
  if (token.status !== 0) throw new Error(`tokens:create on ${copyUrl} exited ${token.status}`);
  const seedStarted = performance.now();
  const seeded = seedTriage(copy, options.triaged, { id: userIdOf(copy, BENCH_ANALYST), email: BENCH_ANALYST });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  console.log(`Decided ${seeded.briefs} briefs with ${seeded.events} history lines in ${seedSeconds.toFixed(1)} s`);

  const server = await startServer(copyUrl);
  try {
    const cookie = await signIn(server.baseUrl, BENCH_ANALYST, password);
    await assertSignedIn(server.baseUrl, cookie, BENCH_ANALYST);
    const stopWriter = startWriter(server.baseUrl, token.stdout.trim(), seeded.slugs, options.writesPerSecond);
    const loadExit = await runLoad(
      [...options.loadArgs, "--pages", "triage", "--base-url", server.baseUrl, "--out", options.out],
      { BENCH_COOKIE: cookie },
    );
    const writes = await stopWriter();
    console.log(
      `Triage writes during the run: ${writes.sent - writes.staleSent} changes (${writes.perSecond.toFixed(1)}/s) and ${writes.staleSent} stale ones; ${writes.applied} applied, ${writes.refused} refused, ${writes.failed} not as expected; PATCH p50 ${writes.p50Ms.toFixed(1)} ms, p99 ${writes.p99Ms.toFixed(1)} ms`,
    );
    if (writes.firstFailure) console.log(`first unexpected answer: ${writes.firstFailure}`);
    // The load's own report, with what the writer did beside it.
    const load = JSON.parse(await fs.readFile(options.out, "utf8")) as Record<string, unknown>;
    await fs.writeFile(
      options.out,
      JSON.stringify(
        { ...load, triage: { briefs: seeded.briefs, events: seeded.events, seedSeconds }, writes },
        null,
        2,
      ),
    );
    return loadExit === 0 && writes.failed === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Triage benchmark stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
