// Drives the list, a search and a brief page with many connections at once for a bounded time
// and reports errors and latency percentiles. Loopback only: it starts its own `next start` on
// the bench database unless --base-url names a local server.
//   npm run load -- [--connections 32] [--seconds 30] [--base-url http://127.0.0.1:PORT]
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { median, percentile } from "@/lib/bench/latency-report";
import { startServer, type RunningServer } from "./next-server";

const root = path.resolve(import.meta.dirname, "..", "..");
const RESULTS_FILE = "bench-results/load.json";

type UrlStats = { url: string; samplesMs: number[]; errors: number; firstError: string | null };

function readOptions() {
  const { values } = parseArgs({
    options: {
      connections: { type: "string", default: "32" },
      seconds: { type: "string", default: "30" },
      "base-url": { type: "string" },
      database: { type: "string", default: "file:./data/bench.db" },
    },
    allowPositionals: false,
  });
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(connections) || connections < 1 || connections > 256) throw new Error("--connections must be 1–256");
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new Error("--seconds must be above 0 and at most 600");
  const baseUrl = values["base-url"]?.replace(/\/+$/, "") ?? null;
  if (baseUrl && !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(baseUrl)) throw new Error("--base-url must be a loopback address");
  return { connections, seconds, baseUrl, database: values.database };
}

async function firstBriefPath(baseUrl: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/`)).text();
  const match = /href="(\/briefs\/[^"?#]+)"/.exec(html);
  if (!match) throw new Error("The list shows no brief to load; seed the database first (npm run bench).");
  return match[1];
}

/** One connection: requests one URL after another, round-robin, until the deadline. */
async function worker(baseUrl: string, urls: string[], stats: Map<string, UrlStats>, deadline: number, offset: number): Promise<void> {
  for (let index = offset; performance.now() < deadline; index += 1) {
    const url = urls[index % urls.length];
    const entry = stats.get(url)!;
    const started = performance.now();
    try {
      const response = await fetch(`${baseUrl}${url}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      entry.samplesMs.push(performance.now() - started);
    } catch (error) {
      entry.errors += 1;
      entry.firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
}

function row(entry: UrlStats, seconds: number): string {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");
  const requests = entry.samplesMs.length + entry.errors;
  return `| \`${entry.url}\` | ${requests} | ${(requests / seconds).toFixed(1)} | ${ms(median(entry.samplesMs))} | ${ms(percentile(entry.samplesMs, 0.99))} | ${entry.errors} |`;
}

async function main(): Promise<number> {
  const options = readOptions();
  process.chdir(root);
  const server: RunningServer = options.baseUrl ? { baseUrl: options.baseUrl, stop: async () => undefined } : await startServer(options.database);
  try {
    const urls = ["/", "/?severity=high,critical&tactic=persistence", "/?q=token", await firstBriefPath(server.baseUrl)];
    const stats = new Map(urls.map((url) => [url, { url, samplesMs: [], errors: 0, firstError: null } as UrlStats]));
    console.log(`Loading ${server.baseUrl} with ${options.connections} connections for ${options.seconds} s…`);
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(Array.from({ length: options.connections }, (_, index) => worker(server.baseUrl, urls, stats, deadline, index)));
    const elapsed = (performance.now() - started) / 1000;

    const entries = [...stats.values()];
    const errors = entries.reduce((sum, entry) => sum + entry.errors, 0);
    console.log(["| URL | requests | req/s | p50 ms | p99 ms | errors |", "| --- | ---: | ---: | ---: | ---: | ---: |", ...entries.map((entry) => row(entry, elapsed))].join("\n"));
    for (const entry of entries) if (entry.firstError) console.log(`first error on ${entry.url}: ${entry.firstError}`);
    console.log(`${errors} errors in ${elapsed.toFixed(1)} s`);
    await fs.mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    const summary = entries.map((entry) => ({ url: entry.url, requests: entry.samplesMs.length + entry.errors, p50Ms: median(entry.samplesMs), p99Ms: percentile(entry.samplesMs, 0.99), errors: entry.errors }));
    await fs.writeFile(RESULTS_FILE, JSON.stringify({ baseUrl: server.baseUrl, connections: options.connections, seconds: elapsed, results: summary }, null, 2));
    return errors ? 1 : 0;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
