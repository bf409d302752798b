// Measures how long the list and coverage pages take to render on the server, one request at a time. Each request
// carries a query parameter no other request had (`render=N`, which the page ignores), so none is
// answered from the server's kept pages: these are render times, what the first visitor after an
// ingest waits for. Throughput of kept pages under load is scripts/bench/load.ts.
//   tsx scripts/bench/list-latency.ts [--base-url http://127.0.0.1:PORT] [--requests 30]
// Without --base-url it starts `next start` on the bench database itself (run `next build` first).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  describeTarget,
  latencyTable,
  summarise,
  type LatencyReport,
  type UrlLatency,
} from "@/scripts/bench/support/latency-report";
import { startServer, type RunningServer } from "./next-server";
import { optionsOrUsage } from "../options-or-usage";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  "Usage: tsx scripts/bench/list-latency.ts [--base-url URL] [--requests 30] [--warmup 5] [--database file:./data/bench.db] [--out bench-results/list-latency.json]";

const LIST_URLS = [
  "/",
  "/?severity=high,critical",
  "/?severity=high&tactic=credential_access",
  "/?q=token",
  "/?severity=high,critical&tactic=persistence&q=token",
  "/?sort=severity&page=3",
  // The coverage matrix counts techniques over every brief the same filters match.
  "/coverage",
  "/coverage?severity=high,critical",
  "/coverage?severity=high,critical&tactic=persistence&q=token",
  "/coverage?matrix=all",
] as const;
const TARGET = { url: LIST_URLS[4], medianBelowMs: 150 };

type LatencyOptions = { baseUrl: string | null; requests: number; warmup: number; database: string; out: string };

type Timed = { ms: number; status: number; body: string } | { ms: number; error: string };

function nonNegativeInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return number;
}

function readOptions(): LatencyOptions {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string" },
      requests: { type: "string", default: "30" },
      warmup: { type: "string", default: "5" },
      database: { type: "string", default: "file:./data/bench.db" },
      out: { type: "string", default: "bench-results/list-latency.json" },
    },
    allowPositionals: false,
  });
  const requests = nonNegativeInteger("requests", values.requests);
  if (requests === 0) throw new Error("--requests must be at least 1");
  return {
    baseUrl: values["base-url"]?.replace(/\/+$/, "") ?? null,
    requests,
    warmup: nonNegativeInteger("warmup", values.warmup),
    database: values.database,
    out: values.out,
  };
}

/** A server given by --base-url is someone else's: it is used, never stopped. */
function serverFor(options: LatencyOptions): Promise<RunningServer> {
  if (options.baseUrl)
    return Promise.resolve({ baseUrl: options.baseUrl, stop: async () => undefined, memoryBytes: () => null });
  return startServer(options.database);
}

/** Time to the full response body: what a user waits for before the page is complete. */
async function timedGet(url: string): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(url, { cache: "no-store", redirect: "manual" });
    const body = await response.text();
    return { ms: performance.now() - started, status: response.status, body };
  } catch (error) {
    return { ms: performance.now() - started, error: errorMessage(error) };
  }
}

function failureOf(result: Timed): string | null {
  if ("error" in result) return result.error;
  return result.status === 200 ? null : `HTTP ${result.status}`;
}

/** "1234 briefs" as the list page renders it (React puts comment markers between text parts). */
function matchedCount(body: string): number | null {
  const match = /(\d[\d,]*)(?:<!-- -->|\s)+briefs?\b/.exec(body);
  return match ? Number(match[1].replace(/,/g, "")) : null;
}

let renders = 0;

/** The same page under a key the server has not seen, so it renders instead of answering from memory. */
function freshRenderUrl(url: string): string {
  renders += 1;
  return `${url}${url.includes("?") ? "&" : "?"}render=${renders}`;
}

async function measureUrl(baseUrl: string, url: string, options: LatencyOptions): Promise<UrlLatency> {
  let matched: number | null = null;
  let htmlBytes: number | null = null;
  const failures = new Set<string>();
  let errors = 0;
  const record = (result: Timed) => {
    const failure = failureOf(result);
    if (failure) {
      errors += 1;
      failures.add(failure);
    } else if (htmlBytes === null && "body" in result) {
      matched = matchedCount(result.body);
      htmlBytes = Buffer.byteLength(result.body);
    }
    return failure;
  };

  for (let attempt = 0; attempt < options.warmup; attempt += 1)
    record(await timedGet(`${baseUrl}${freshRenderUrl(url)}`));
  const samples: number[] = [];
  for (let attempt = 0; attempt < options.requests; attempt += 1) {
    const result = await timedGet(`${baseUrl}${freshRenderUrl(url)}`);
    if (!record(result)) samples.push(result.ms);
  }
  if (failures.size) console.error(`${url}: ${errors} failed request(s): ${[...failures].join("; ")}`);
  return { ...summarise(url, samples, errors, matched), htmlBytes };
}

async function firstBriefUrl(baseUrl: string): Promise<string | null> {
  const result = await timedGet(`${baseUrl}/`);
  if (!("body" in result)) return null;
  return /href="(\/briefs\/[^"?#]+)"/.exec(result.body)?.[1] ?? null;
}

async function measureAll(baseUrl: string, options: LatencyOptions): Promise<UrlLatency[]> {
  const results: UrlLatency[] = [];
  for (const url of LIST_URLS) {
    console.log(`Measuring ${url} (${options.warmup} warm-up + ${options.requests} requests)…`);
    results.push(await measureUrl(baseUrl, url, options));
  }
  const briefUrl = await firstBriefUrl(baseUrl);
  if (briefUrl) {
    console.log(`Measuring ${briefUrl}…`);
    results.push(await measureUrl(baseUrl, briefUrl, options));
  } else {
    console.error("No /briefs/… link on /: cannot measure a brief page.");
    results.push(summarise("/briefs/(none found on /)", [], 1, null));
  }
  return results;
}

function buildReport(
  baseUrl: string,
  options: LatencyOptions,
  results: UrlLatency[],
  loadAtStart: number,
): LatencyReport {
  const measured = results.find((result) => result.url === TARGET.url);
  const medianMs = measured && measured.samplesMs.length ? measured.medianMs : null;
  return {
    baseUrl,
    measuredAt: new Date().toISOString(),
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
    warmupRequests: options.warmup,
    measuredRequests: options.requests,
    results,
    target: { ...TARGET, medianMs, met: medianMs !== null && medianMs < TARGET.medianBelowMs },
  };
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  // Relative database URLs and the output path resolve against the project folder.
  process.chdir(root);
  const loadAtStart = os.loadavg()[0];
  const server = await serverFor(options);
  let report: LatencyReport;
  try {
    report = buildReport(server.baseUrl, options, await measureAll(server.baseUrl, options), loadAtStart);
  } finally {
    await server.stop();
  }

  await fs.mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await fs.writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${latencyTable(report.results)}\n\n${describeTarget(report.target)}\nWrote ${options.out}`);
  // A missed target is a finding, not a failure; failed requests mean the numbers cannot be trusted.
  return report.results.some((result) => result.errors > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`List latency stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
