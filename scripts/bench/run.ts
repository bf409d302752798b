// The whole benchmark, each part in a process of its own, then one report.
//   npm run bench          build; ingest 10,000 items (3 runs each); 50,000 briefs in data/bench.db:
//                          render latency, 32 connections for 15 s per page, Lighthouse; first-load JS;
//                          then the ingest and render latency again on PostgreSQL, side by side
//   --postgresql URL       the PostgreSQL server to use (default: the local cluster scripts/postgres/start-local.sh
//                          starts, installing Debian's postgresql when missing); --no-postgresql skips that part
//   npm run bench:smoke    the same parts at tiny sizes (CI runs it so the benchmark cannot rot)
// Writes bench-results/report.md and bench-results/*.json (smoke: bench-results/smoke/).
import { spawnSync } from "node:child_process";
import { errorMessage } from "@/lib/log/error-message";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderReport, type ReportSection } from "@/scripts/bench/support/report";
import { databaseUrlFor } from "@/lib/test/postgresql-test-database";
import {
  databaseComparisonSection,
  firstLoadSection,
  ingestSection,
  latencySection,
  lighthouseSection,
  loadSection,
} from "@/scripts/bench/support/report-sections";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  "Usage: npm run bench -- [--smoke] [--skip-build] [--postgresql postgresql://USER@HOST:PORT | --no-postgresql]";

type Sizes = {
  out: string;
  database: string;
  /** PostgreSQL databases on the benchmark's server: the ingest runs' (dropped before each run) and the seeded list's. */
  postgresqlIngestDatabase: string;
  postgresqlListDatabase: string;
  ingest: string[];
  seed: string[];
  latency: string[];
  load: string[];
  lighthouse: string[];
};

const FULL: Sizes = {
  out: "bench-results",
  database: "file:./data/bench.db",
  postgresqlIngestDatabase: "briefs_ingest_bench",
  postgresqlListDatabase: "briefs_list_bench",
  ingest: ["--items", "10000", "--runs", "3"],
  seed: ["--count", "50000"],
  latency: ["--requests", "30"],
  load: ["--connections", "32", "--seconds", "15", "--warmup-seconds", "2"],
  lighthouse: ["--runs", "3"],
};

// A database of its own, so a smoke run neither measures nor shrinks the full one.
const SMOKE: Sizes = {
  out: "bench-results/smoke",
  database: "file:./data/bench-smoke.db",
  postgresqlIngestDatabase: "briefs_ingest_bench_smoke",
  postgresqlListDatabase: "briefs_list_bench_smoke",
  ingest: ["--smoke"],
  seed: ["--count", "300"],
  latency: ["--requests", "5", "--warmup", "1"],
  load: ["--connections", "4", "--seconds", "1", "--warmup-seconds", "0.5"],
  lighthouse: ["--runs", "1"],
};

function run(step: string, command: string, args: string[]): boolean {
  console.log(`\n== ${step}: ${[path.relative(root, command) || command, ...args].join(" ")}`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error) console.error(`${step} could not start: ${result.error.message}`);
  console.log(
    `== ${step} finished in ${((performance.now() - started) / 1000).toFixed(1)} s (exit ${result.status ?? result.signal})`,
  );
  return result.status === 0;
}

function tsx(...args: string[]): [string, string[]] {
  return [path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", ...args]];
}

function readJson(file: string): unknown {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The PostgreSQL server to measure on, or why there is none. */
function postgresqlServer(option: string | undefined, skip: boolean): { url: string } | { skipped: string } {
  if (skip) return { skipped: "skipped (--no-postgresql)" };
  if (option) return { url: option };
  console.log("\n== PostgreSQL: scripts/postgres/start-local.sh");
  const started = spawnSync("bash", [path.join(root, "scripts", "postgres", "start-local.sh")], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = started.stdout?.trim().split("\n").at(-1);
  if (started.status !== 0 || !url)
    return { skipped: `the local PostgreSQL cluster did not start (exit ${started.status ?? started.signal})` };
  return { url };
}

function main(): number {
  let values: { smoke?: boolean; "skip-build"?: boolean; postgresql?: string; "no-postgresql"?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        smoke: { type: "boolean", default: false },
        "skip-build": { type: "boolean", default: false },
        postgresql: { type: "string" },
        "no-postgresql": { type: "boolean", default: false },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  const sizes = values.smoke ? SMOKE : FULL;
  const out = (name: string) => path.join(sizes.out, name);
  // A stale result must not pass for this run's numbers.
  fs.rmSync(path.join(root, sizes.out), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, sizes.out), { recursive: true });

  // Always build (unless told the build is fresh): measuring an older build would report someone else's numbers.
  if (!values["skip-build"] && !run("build", path.join(root, "node_modules", ".bin", "next"), ["build"])) return 1;
  const steps: [string, string[]][] = [
    ["ingest", ["scripts/bench/ingest-bench.ts", ...sizes.ingest, "--out", out("ingest.json")]],
    ["seed", ["scripts/bench/seed-briefs.ts", ...sizes.seed, "--database", sizes.database]],
    [
      "render latency",
      [
        "scripts/bench/list-latency.ts",
        ...sizes.latency,
        "--database",
        sizes.database,
        "--out",
        out("list-latency.json"),
      ],
    ],
    ["load", ["scripts/bench/load.ts", ...sizes.load, "--database", sizes.database, "--out", out("load.json")]],
    [
      "lighthouse",
      [
        "scripts/bench/lighthouse.ts",
        ...sizes.lighthouse,
        "--database",
        sizes.database,
        "--out",
        out("lighthouse.json"),
      ],
    ],
    [
      "first-load JS",
      ["scripts/bench/first-load-js.ts", "--database", sizes.database, "--out", out("first-load-js.json")],
    ],
  ];
  const server = postgresqlServer(values.postgresql, values["no-postgresql"] ?? false);
  if ("url" in server) {
    const listDatabase = databaseUrlFor(server.url, sizes.postgresqlListDatabase);
    steps.push(
      [
        "ingest (PostgreSQL)",
        [
          "scripts/bench/ingest-bench.ts",
          ...sizes.ingest,
          "--database",
          databaseUrlFor(server.url, sizes.postgresqlIngestDatabase),
          "--out",
          out("ingest-postgresql.json"),
        ],
      ],
      ["seed (PostgreSQL)", ["scripts/bench/seed-briefs.ts", ...sizes.seed, "--database", listDatabase]],
      [
        "render latency (PostgreSQL)",
        [
          "scripts/bench/list-latency.ts",
          ...sizes.latency,
          "--database",
          listDatabase,
          "--out",
          out("list-latency-postgresql.json"),
        ],
      ],
    );
  }
  const failed: string[] = [];
  for (const [step, args] of steps) {
    // Without briefs there is nothing to measure.
    if (step === "render latency (PostgreSQL)" && failed.includes("seed (PostgreSQL)")) continue;
    if (!run(step, ...tsx(...args))) failed.push(step);
    if (step === "seed" && failed.includes("seed")) return 1;
  }

  const sections: ReportSection[] = [
    ingestSection(readJson(path.join(root, out("ingest.json")))),
    latencySection(readJson(path.join(root, out("list-latency.json")))),
    loadSection(readJson(path.join(root, out("load.json")))),
    lighthouseSection(readJson(path.join(root, out("lighthouse.json")))),
    firstLoadSection(readJson(path.join(root, out("first-load-js.json")))),
    databaseComparisonSection(
      {
        ingest: readJson(path.join(root, out("ingest.json"))),
        latency: readJson(path.join(root, out("list-latency.json"))),
      },
      "url" in server
        ? {
            ingest: readJson(path.join(root, out("ingest-postgresql.json"))),
            latency: readJson(path.join(root, out("list-latency-postgresql.json"))),
          }
        : server,
    ),
  ];
  const report = renderReport(
    { measuredAt: new Date().toISOString(), machine: machine(), mode: values.smoke ? "smoke" : "full" },
    sections,
  );
  fs.writeFileSync(path.join(root, out("report.md")), report);
  fs.writeFileSync(path.join(root, out("report.json")), JSON.stringify({ sections }, null, 2));
  console.log(`\n${report}`);
  console.log(`Report written to ${out("report.md")}`);
  if (failed.length) console.error(`Failed to run: ${failed.join(", ")}`);
  // Missed targets are reported, not failures: timings on shared machines are evidence, not assertions.
  return failed.length ? 1 : 0;
}

process.exit(main());
