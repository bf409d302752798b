// The whole benchmark: build if needed, seed the bench database, measure the list pages.
//   npm run bench          build, 50,000 briefs in data/bench.db, 30 measured requests per URL
//   npm run bench:smoke    300 briefs in data/bench-smoke.db, 5 measured requests per URL
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeTarget, latencyTable, type LatencyReport } from "@/lib/bench/latency-report";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE = "Usage: npm run bench -- [--smoke] [--count N] [--requests N] [--database file:./data/bench.db]";
const RESULTS_FILE = "bench-results/list-latency.json";

type RunOptions = { count: string; requests: string; database: string };

const FULL: RunOptions = { count: "50000", requests: "30", database: "file:./data/bench.db" };
// A database of its own, so a smoke run neither measures nor shrinks the full one.
const SMOKE: RunOptions = { count: "300", requests: "5", database: "file:./data/bench-smoke.db" };

function readOptions(): RunOptions {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      count: { type: "string" },
      requests: { type: "string" },
      database: { type: "string" },
    },
    allowPositionals: false,
  });
  const defaults = values.smoke ? SMOKE : FULL;
  return {
    count: values.count ?? defaults.count,
    requests: values.requests ?? defaults.requests,
    database: values.database ?? defaults.database,
  };
}

function run(step: string, command: string, args: string[]): number {
  console.log(`\n== ${step}: ${[path.relative(root, command), ...args].join(" ")}`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error) console.error(`${step} could not start: ${result.error.message}`);
  console.log(`== ${step} finished in ${((performance.now() - started) / 1000).toFixed(1)} s (exit ${result.status ?? result.signal})`);
  return result.status ?? 1;
}

function tsx(...args: string[]): [string, string[]] {
  return [path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", ...args]];
}

function printSummary(options: RunOptions): void {
  const file = path.join(root, RESULTS_FILE);
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as LatencyReport;
  console.log(`\n## List latency (${options.database}, ${report.measuredRequests} requests per URL)\n`);
  console.log(latencyTable(report.results));
  console.log(`\n${describeTarget(report.target)}`);
}

function main(): number {
  let options: RunOptions;
  try {
    options = readOptions();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  // Always build: measuring a build older than the code would report someone else's numbers.
  if (run("build", path.join(root, "node_modules", ".bin", "next"), ["build"]) !== 0) return 1;
  if (run("seed", ...tsx("scripts/bench/seed-briefs.ts", "--count", options.count, "--database", options.database)) !== 0) return 1;
  // A stale report must not pass for this run's numbers.
  fs.rmSync(path.join(root, RESULTS_FILE), { force: true });
  const latency = run("list latency", ...tsx("scripts/bench/list-latency.ts", "--requests", options.requests, "--database", options.database, "--out", RESULTS_FILE));
  printSummary(options);
  return latency;
}

process.exit(main());
