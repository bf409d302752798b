// Many connections at once, one page at a time, for a bounded time: the list, a severity + tactic
// filtered list, a search, a brief page, and the stylesheet every page loads (a static file: the
// ceiling). Each page is warmed up first, as on a server that has been running; the first, cold
// render is timed on its own. Loopback only: it starts its own server on the bench database
// unless --base-url names a local one.
//   npm run load -- [--connections 32] [--seconds 15] [--warmup-seconds 2] [--base-url http://127.0.0.1:PORT]
//   BENCH_COOKIE='briefs.session_token=…' loads the pages as that signed-in user (the session is checked per request).
//   --pages triage: the list filtered by team status and a brief with a decision instead (scripts/bench/triage-load.ts).
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  checkLoadTargets,
  checkTriageLoadTargets,
  loadTable,
  summariseLoad,
  targetLines,
  type LoadResult,
  type LoadTargetName,
} from "@/scripts/bench/support/load-report";
import { startServer, type RunningServer } from "./next-server";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const MIB = 1024 * 1024;

function readOptions() {
  const { values } = parseArgs({
    options: {
      connections: { type: "string", default: "32" },
      seconds: { type: "string", default: "15" },
      "warmup-seconds": { type: "string", default: "2" },
      "base-url": { type: "string" },
      database: { type: "string", default: "file:./data/bench.db" },
      out: { type: "string", default: "bench-results/load.json" },
      pages: { type: "string", default: "default" },
    },
    allowPositionals: false,
  });
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  const warmupSeconds = Number(values["warmup-seconds"]);
  if (!Number.isInteger(connections) || connections < 1 || connections > 256)
    throw new Error("--connections must be 1–256");
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
    throw new Error("--seconds must be above 0 and at most 600");
  if (!Number.isFinite(warmupSeconds) || warmupSeconds < 0 || warmupSeconds > 60)
    throw new Error("--warmup-seconds must be 0–60");
  if (values.pages !== "default" && values.pages !== "triage") throw new Error("--pages must be default or triage");
  const baseUrl = values["base-url"]?.replace(/\/+$/, "") ?? null;
  if (baseUrl && !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(baseUrl))
    throw new Error("--base-url must be a loopback address");
  return {
    connections,
    seconds,
    warmupSeconds,
    baseUrl,
    database: values.database,
    out: values.out,
    pages: values.pages,
  };
}

type Answer = { status: number; ms: number; body: string };

/**
 * One GET over a kept-alive connection, asking for gzip as browsers do. The body is counted, not
 * decompressed: the load generator shares the machine's two cores with the server and should
 * spend as little of them as it can.
 */
function get(agent: http.Agent, baseUrl: string, url: string, keepBody = false): Promise<Answer> {
  const started = performance.now();
  const cookie = process.env.BENCH_COOKIE;
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${baseUrl}${url}`,
      { agent, headers: { "accept-encoding": keepBody ? "identity" : "gzip", ...(cookie ? { cookie } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => keepBody && chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            ms: performance.now() - started,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
  });
}

/** The list of briefs the team is working on, and the first of them: a brief with a decision and a history. */
const STATUS_FILTER = "/?status=in_review,hunting";

async function triageTargetsOf(baseUrl: string): Promise<{ name: LoadTargetName; url: string }[]> {
  const list = await get(new http.Agent({ keepAlive: false }), baseUrl, `${STATUS_FILTER}&page=1`, true);
  const brief = /href="(\/briefs\/[^"?#]+)"/.exec(list.body)?.[1];
  if (!brief) throw new Error(`${STATUS_FILTER} shows no brief; seed triage first (scripts/bench/triage-load.ts).`);
  return [
    { name: "status", url: STATUS_FILTER },
    { name: "brief", url: brief },
  ];
}

/** The pages to load, found on the list itself so they exist in this database and build. */
async function targetsOf(baseUrl: string): Promise<{ name: LoadTargetName; url: string }[]> {
  const agent = new http.Agent({ keepAlive: false });
  // Not "/" itself: its first, cold request is timed below.
  const list = await get(agent, baseUrl, "/?page=1", true);
  const brief = /href="(\/briefs\/[^"?#]+)"/.exec(list.body)?.[1];
  const stylesheet = /<link rel="stylesheet" href="(\/_next\/static\/[^"]+\.css)"/.exec(list.body)?.[1];
  if (!brief) throw new Error("The list shows no brief to load; seed the database first (npm run bench).");
  if (!stylesheet) throw new Error("The list links no stylesheet under /_next/static to use as the static ceiling.");
  return [
    { name: "list", url: "/" },
    { name: "filtered", url: "/?severity=high,critical&tactic=persistence" },
    { name: "search", url: "/?q=token" },
    { name: "brief", url: brief },
    { name: "static", url: stylesheet },
  ];
}

/** `connections` clients, each asking for `url` again as soon as it has its answer, until the deadline. */
async function drive(baseUrl: string, url: string, connections: number, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const samplesMs: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      try {
        const answer = await get(agent, baseUrl, url);
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
        samplesMs.push(answer.ms);
      } catch (error) {
        errors += 1;
        firstError ??= errorMessage(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  agent.destroy();
  return { samplesMs, errors, firstError, seconds: (performance.now() - started) / 1000 };
}

function mib(bytes: number | null): string {
  return bytes === null ? "unknown" : `${(bytes / MIB).toFixed(0)} MiB`;
}

async function main(): Promise<number> {
  const options = readOptions();
  process.chdir(root);
  const server: RunningServer = options.baseUrl
    ? { baseUrl: options.baseUrl, stop: async () => undefined, memoryBytes: () => null }
    : await startServer(options.database);
  try {
    const targets =
      options.pages === "triage" ? await triageTargetsOf(server.baseUrl) : await targetsOf(server.baseUrl);
    const memoryBefore = server.memoryBytes?.() ?? null;
    const results: LoadResult[] = [];
    const coldRendersMs: Record<string, number> = {};
    for (const target of targets) {
      // Timed alone: what the first visitor after an ingest waits for.
      coldRendersMs[target.name] = (await get(new http.Agent(), server.baseUrl, target.url)).ms;
      if (options.warmupSeconds > 0)
        await drive(server.baseUrl, target.url, options.connections, options.warmupSeconds);
      const run = await drive(server.baseUrl, target.url, options.connections, options.seconds);
      const result = summariseLoad(target.name, target.url, run.samplesMs, run.errors, run.firstError, run.seconds);
      results.push(result);
      console.log(
        `${target.name}: ${result.requests} requests, ${result.requestsPerSecond.toFixed(0)}/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors`,
      );
    }
    const memoryAfter = server.memoryBytes?.() ?? null;
    const checks = options.pages === "triage" ? checkTriageLoadTargets(results) : checkLoadTargets(results);

    console.log(
      `\n## Under load: ${options.connections} connections, ${options.seconds} s per page after ${options.warmupSeconds} s of warm-up\n`,
    );
    console.log(loadTable(results));
    console.log(
      `\nFirst (cold) request per page, ms: ${Object.entries(coldRendersMs)
        .map(([name, value]) => `${name} ${value.toFixed(0)}`)
        .join(", ")}`,
    );
    console.log(`Server memory: ${mib(memoryBefore)} before, ${mib(memoryAfter)} after`);
    console.log(targetLines(checks));
    for (const result of results)
      if (result.firstError) console.log(`first error on ${result.url}: ${result.firstError}`);

    await fs.mkdir(path.dirname(options.out), { recursive: true });
    await fs.writeFile(
      options.out,
      JSON.stringify(
        {
          baseUrl: server.baseUrl,
          measuredAt: new Date().toISOString(),
          connections: options.connections,
          seconds: options.seconds,
          warmupSeconds: options.warmupSeconds,
          coldRendersMs,
          memoryBytes: { before: memoryBefore, after: memoryAfter },
          results,
          targets: checks,
        },
        null,
        2,
      ),
    );
    return results.some((result) => result.errors > 0) ? 1 : 0;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(errorMessage(error));
    process.exit(2);
  },
);
