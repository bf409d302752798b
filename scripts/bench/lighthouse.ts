// Lighthouse (desktop preset, Debian Chromium) on the list, one brief and the overview.
//   tsx --conditions=react-server scripts/bench/lighthouse.ts [--database file:./data/bench-smoke.db] [--out bench-results/lighthouse.json] [--runs 3] [--control]
// Without --base-url it starts `next start` on the database itself (run `next build` and seed it first).
// Performance varies from run to run on a busy machine: the page's scores are those of its median run.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  describeTarget,
  evaluateTarget,
  failingAuditsList,
  parseLighthouseResult,
  performanceNote,
  scoresTable,
  summarisePage,
  type LighthouseResultLike,
  type PageResult,
  type PageRun,
} from "@/scripts/bench/support/lighthouse-report";
import { startServer, type RunningServer } from "./next-server";
import { startScriptlessMirror } from "./scriptless-mirror";
import { optionsOrUsage } from "../options-or-usage";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  "Usage: tsx --conditions=react-server scripts/bench/lighthouse.ts [--base-url URL] [--database file:./data/bench-smoke.db] [--out bench-results/lighthouse.json] [--runs 3] [--ports 3300-3399] [--chrome-flags FLAGS] [--control]";
const CATEGORIES = "performance,accessibility,best-practices,seo";
const RUN_TIMEOUT_MS = 180_000;
const DEFAULT_CHROME = "/usr/bin/chromium";

type LighthouseOptions = {
  baseUrl: string | null;
  database: string;
  out: string;
  runs: number;
  ports: { from: number; to: number };
  chromeFlags: string;
  /** After each run, the same page with its scripts taken out, to tell the cost of JavaScript from the machine's. */
  control: boolean;
};

function readOptions(): LighthouseOptions {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string" },
      database: { type: "string", default: "file:./data/bench-smoke.db" },
      out: { type: "string", default: "bench-results/lighthouse.json" },
      runs: { type: "string", default: "3" },
      ports: { type: "string", default: "3300-3399" },
      "chrome-flags": { type: "string", default: "--headless=new --no-sandbox --disable-gpu" },
      control: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a whole number from 1, got "${values.runs}"`);
  const range = /^(\d+)-(\d+)$/.exec(values.ports);
  if (!range || Number(range[1]) > Number(range[2]))
    throw new Error(`--ports must look like 3300-3399, got "${values.ports}"`);
  return {
    baseUrl: values["base-url"]?.replace(/\/+$/, "") ?? null,
    database: values.database,
    out: values.out,
    runs,
    ports: { from: Number(range[1]), to: Number(range[2]) },
    chromeFlags: values["chrome-flags"],
    control: values.control,
  };
}

/** The server the runs go to; restarted when it stops answering, so one lost process does not void the run. */
type Served = { server: RunningServer | null; restarts: number };

async function healthy(baseUrl: string): Promise<boolean> {
  return fetch(`${baseUrl}/api/health`, { cache: "no-store" }).then(
    (response) => response.ok,
    () => false,
  );
}

/** A server given by --base-url is someone else's: it is used, never started or stopped. */
async function liveServer(served: Served, options: LighthouseOptions): Promise<RunningServer> {
  if (options.baseUrl) {
    served.server ??= { baseUrl: options.baseUrl, stop: async () => undefined };
    if (!(await healthy(options.baseUrl))) throw new Error(`${options.baseUrl}/api/health does not answer 200`);
    return served.server;
  }
  if (served.server && (await healthy(served.server.baseUrl))) return served.server;
  if (served.server) {
    console.error(`next start at ${served.server.baseUrl} stopped answering; starting it again`);
    await served.server.stop();
    served.restarts += 1;
  }
  served.server = await startServer(options.database, { ports: options.ports });
  return served.server;
}

async function firstBriefPath(baseUrl: string): Promise<string> {
  const cookie = process.env.BENCH_COOKIE;
  const response = await fetch(`${baseUrl}/`, { cache: "no-store", headers: cookie ? { cookie } : {} });
  const match = /href="(\/briefs\/[^"?#]+)"/.exec(await response.text());
  if (!match) throw new Error("No /briefs/… link on /: seed the database first");
  return match[1];
}

/** The Lighthouse CLI in its own process: one Chromium per run, nothing shared between runs. */
function runLighthouse(url: string, outputPath: string, options: LighthouseOptions): Promise<void> {
  const args = [
    url,
    "--preset=desktop",
    `--only-categories=${CATEGORIES}`,
    "--output=json",
    `--output-path=${outputPath}`,
    `--chrome-flags=${options.chromeFlags}`,
    "--quiet",
    // BENCH_COOKIE audits the pages as that signed-in user, as scripts/bench/load.ts loads them.
    ...(process.env.BENCH_COOKIE ? [`--extra-headers=${JSON.stringify({ Cookie: process.env.BENCH_COOKIE })}`] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "lighthouse"), args, {
      cwd: root,
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? DEFAULT_CHROME },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.once("error", reject);
    // Lighthouse exits 1 on a runtime error but still writes the report that names it.
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`lighthouse ${url} stopped by ${signal}:\n${stderr}`));
      else if (code !== 0) console.error(`lighthouse ${url} exited ${code}:\n${stderr}`);
      resolve();
    });
  });
}

/** Runs lost to the server going away are repeated; a page that fails on a live server is a result. */
const MAX_LOST_RUNS = 3;

type Audited = { runs: PageRun[]; scriptless: PageRun[] | null; first: LighthouseResultLike | null };

async function lighthouseRun(
  url: string,
  options: LighthouseOptions,
  workDir: string,
): Promise<{ run: PageRun; result: LighthouseResultLike }> {
  const outputPath = path.join(workDir, `run-${Date.now()}.json`);
  const loadAverage = Number(os.loadavg()[0].toFixed(2));
  await runLighthouse(url, outputPath, options);
  const result = JSON.parse(await fs.readFile(outputPath, "utf8")) as LighthouseResultLike;
  return { run: parseLighthouseResult(url, result, loadAverage), result };
}

function scoresLine(run: PageRun): string {
  const scores = Object.entries(run.scores)
    .map(([id, score]) => `${id} ${score ?? "–"}`)
    .join(", ");
  return `${scores}; benchmarkIndex ${run.benchmarkIndex ?? "–"}, load ${run.loadAverage ?? "–"}${run.runtimeError ? ` (${run.runtimeError})` : ""}`;
}

async function auditPage(
  served: Served,
  mirror: RunningServer | null,
  pagePath: string,
  options: LighthouseOptions,
  workDir: string,
): Promise<Audited> {
  const runs: PageRun[] = [];
  const scriptless: PageRun[] = [];
  let first: LighthouseResultLike | null = null;
  let lost = 0;
  let warmed: string | null = null;
  while (runs.length < options.runs) {
    const { baseUrl } = await liveServer(served, options);
    const url = `${baseUrl}${pagePath}`;
    if (warmed !== baseUrl) {
      // The first request after start-up pays for warming the server, which no reader would see.
      await fetch(url, { cache: "no-store" }).then((response) => response.text());
      warmed = baseUrl;
    }
    const { run, result } = await lighthouseRun(url, options, workDir);
    if (run.runtimeError && lost < MAX_LOST_RUNS) {
      // Lighthouse's own trace sometimes misses the navigation (NO_NAVSTART) and it asks to be run
      // again; a run whose server went away says nothing about the page either.
      const reason = /run Lighthouse again/i.test(run.runtimeError)
        ? "Lighthouse asks to be run again"
        : !(await healthy(baseUrl))
          ? "the server went away during the run"
          : null;
      if (reason) {
        lost += 1;
        console.error(`  ${pagePath}: ${reason} (${run.runtimeError}); repeating it`);
        continue;
      }
    }
    runs.push(run);
    first ??= result;
    console.log(`  ${pagePath} run ${runs.length}: ${scoresLine(run)}`);
    if (mirror) {
      const control = (await lighthouseRun(`${mirror.baseUrl}${pagePath}`, options, workDir)).run;
      scriptless.push(control);
      console.log(`  ${pagePath} without scripts: ${scoresLine(control)}`);
    }
  }
  return { runs, scriptless: mirror ? scriptless : null, first };
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  // Relative database URLs and the output path resolve against the project folder.
  process.chdir(root);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "lighthouse-"));
  const served: Served = { server: null, restarts: 0 };
  let mirror: RunningServer | null = null;
  const pages: PageResult[] = [];
  let lighthouseVersion: string | null = null;
  let hostUserAgent: string | null = null;
  try {
    const targets = [
      { name: "list", path: "/" },
      { name: "brief", path: await firstBriefPath((await liveServer(served, options)).baseUrl) },
      { name: "overview", path: "/overview" },
    ];
    if (options.control)
      mirror = await startScriptlessMirror(() => served.server?.baseUrl ?? options.baseUrl ?? "", {
        ports: options.ports,
      });
    for (const target of targets) {
      console.log(`Lighthouse ${target.path} (${options.runs} run${options.runs === 1 ? "" : "s"})…`);
      const { runs, scriptless, first } = await auditPage(served, mirror, target.path, options, workDir);
      lighthouseVersion ??= first?.lighthouseVersion ?? null;
      hostUserAgent ??= first?.environment?.hostUserAgent ?? null;
      pages.push(
        summarisePage(target.name, target.path, runs, performanceNote(runs, os.cpus().length, scriptless), scriptless),
      );
    }
  } finally {
    await mirror?.stop();
    await served.server?.stop();
    await fs.rm(workDir, { recursive: true, force: true });
  }

  const target = evaluateTarget(pages);
  const report = {
    baseUrl: served.server?.baseUrl ?? null,
    database: options.baseUrl ? null : options.database,
    measuredAt: new Date().toISOString(),
    lighthouseVersion,
    browser: hostUserAgent,
    preset: "desktop",
    chromeFlags: options.chromeFlags,
    runsPerPage: options.runs,
    cpus: os.cpus().length,
    serverRestarts: served.restarts,
    pages,
    target,
  };
  await fs.mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await fs.writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\n## Lighthouse (desktop, median of ${options.runs} by performance)\n\n${scoresTable(pages)}\n\n${failingAuditsList(pages)}\n\n${describeTarget(target)}\nWrote ${options.out}`,
  );
  // A missed target is a finding, not a failure; a page Lighthouse could not load is.
  return pages.some((page) => page.median.runtimeError) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Lighthouse bench stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
