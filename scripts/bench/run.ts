// The whole benchmark, each part in a process of its own, then one report.
//   npm run bench          build; ingest 10,000 items (3 runs each); 50,000 briefs in data/bench.db:
//                          render latency (3 runs), 32 connections for 15 s per page, Lighthouse; first-load JS;
//                          load and Lighthouse again signed in as an admin (on a copy holding that one account);
//                          load signed in as an analyst on the status-filtered list and a decided brief, 20,000
//                          briefs decided, while triage writes arrive through the API (another copy);
//                          then the ingest again on PostgreSQL, 50,000 briefs seeded anew, and render latency
//                          right after seeding (3 runs, each on a copy of the database as seeding left it)
//                          and settled (3 runs on the seeded database afterwards), side by side with SQLite
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
import { copyBenchDatabase, dropBenchDatabase } from "@/scripts/bench/support/bench-databases";
import {
  databaseComparisonSection,
  firstLoadSection,
  ingestSection,
  latencySection,
  lighthouseSection,
  loadSection,
  renderBreakdownSection,
  triageLoadSection,
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
  /** Render-latency runs per database state, each with a server of its own: their spread shows a busy moment. */
  latencyRuns: number;
  load: string[];
  lighthouse: string[];
  /** Briefs given a triage decision and history for the triage part. */
  triaged: string;
};

const FULL: Sizes = {
  out: "bench-results",
  database: "file:./data/bench.db",
  postgresqlIngestDatabase: "briefs_ingest_bench",
  postgresqlListDatabase: "briefs_list_bench",
  ingest: ["--items", "10000", "--runs", "3"],
  seed: ["--count", "50000"],
  latency: ["--requests", "30"],
  latencyRuns: 3,
  load: ["--connections", "32", "--seconds", "15", "--warmup-seconds", "2"],
  lighthouse: ["--runs", "3"],
  triaged: "20000",
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
  // One run per database state keeps CI's smoke run short; the runs' statistics are unit-tested.
  latencyRuns: 1,
  load: ["--connections", "4", "--seconds", "1", "--warmup-seconds", "0.5"],
  lighthouse: ["--runs", "1"],
  triaged: "120",
};

/** The signed-in parts' label in the report: each request checks an admin's session before the cache answers. */
const SIGNED_IN = ", signed in as an admin";

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

/** A part of the benchmark: a script run in a process of its own, with what must happen around it. */
type Step = { name: string; args: string[]; before?: () => Promise<void>; after?: () => Promise<void> };

async function main(): Promise<number> {
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
  const runFileList = (file: string) =>
    Array.from({ length: sizes.latencyRuns }, (_, index) => out(`${file}-${index + 1}.json`)).join(",");
  // `prepare` runs before every run, `setUp` before the first only.
  const latencyRuns = (
    label: string,
    database: string,
    file: string,
    around: { prepare?: Step["before"]; setUp?: Step["before"] } = {},
  ): Step[] =>
    Array.from({ length: sizes.latencyRuns }, (_, index) => ({
      name: `${label} ${index + 1}/${sizes.latencyRuns}`,
      args: [
        "scripts/bench/list-latency.ts",
        ...sizes.latency,
        "--database",
        database,
        "--out",
        out(`${file}-${index + 1}.json`),
      ],
      before: around.prepare ?? (index === 0 ? around.setUp : undefined),
    }));
  const steps: Step[] = [
    { name: "ingest", args: ["scripts/bench/ingest-bench.ts", ...sizes.ingest, "--out", out("ingest.json")] },
    { name: "seed", args: ["scripts/bench/seed-briefs.ts", ...sizes.seed, "--database", sizes.database] },
    ...latencyRuns("render latency", sizes.database, "list-latency"),
    {
      name: "render breakdown",
      args: [
        "scripts/bench/render-breakdown.ts",
        "--database",
        sizes.database,
        "--latency",
        runFileList("list-latency"),
        "--out",
        out("render-breakdown.json"),
      ],
    },
    {
      name: "load",
      args: ["scripts/bench/load.ts", ...sizes.load, "--database", sizes.database, "--out", out("load.json")],
    },
    {
      name: "lighthouse",
      args: [
        "scripts/bench/lighthouse.ts",
        ...sizes.lighthouse,
        "--database",
        sizes.database,
        "--out",
        out("lighthouse.json"),
      ],
    },
    {
      name: "first-load JS",
      args: ["scripts/bench/first-load-js.ts", "--database", sizes.database, "--out", out("first-load-js.json")],
    },
    {
      name: "signed in (load, Lighthouse)",
      args: [
        "scripts/bench/signed-in.ts",
        "--database",
        sizes.database,
        "--load-out",
        out("load-signed-in.json"),
        "--lighthouse-out",
        out("lighthouse-signed-in.json"),
        // With "=": parseArgs takes a value that starts with a dash only when attached.
        `--load-args=${sizes.load.join(" ")}`,
        `--lighthouse-args=${sizes.lighthouse.join(" ")}`,
      ],
    },
    {
      name: "signed in with triage writes (load)",
      args: [
        "scripts/bench/triage-load.ts",
        "--database",
        sizes.database,
        "--triaged",
        sizes.triaged,
        "--out",
        out("load-triage.json"),
        `--load-args=${sizes.load.join(" ")}`,
      ],
    },
  ];
  const server = postgresqlServer(values.postgresql, values["no-postgresql"] ?? false);
  if ("url" in server) {
    const listDatabase = databaseUrlFor(server.url, sizes.postgresqlListDatabase);
    // The database as the seeding left it, kept aside; each run "right after seeding" gets a fresh copy of it.
    const seededCopy = databaseUrlFor(server.url, `${sizes.postgresqlListDatabase}_seeded`);
    const runCopy = databaseUrlFor(server.url, `${sizes.postgresqlListDatabase}_after_seeding`);
    steps.push(
      {
        name: "ingest (PostgreSQL)",
        args: [
          "scripts/bench/ingest-bench.ts",
          ...sizes.ingest,
          "--database",
          databaseUrlFor(server.url, sizes.postgresqlIngestDatabase),
          "--out",
          out("ingest-postgresql.json"),
        ],
      },
      {
        name: "seed (PostgreSQL)",
        args: ["scripts/bench/seed-briefs.ts", ...sizes.seed, "--fresh", "--database", listDatabase],
        after: () => copyBenchDatabase(listDatabase, seededCopy),
      },
      ...latencyRuns("render latency (PostgreSQL, right after seeding)", runCopy, "list-latency-postgresql-seeded", {
        prepare: () => copyBenchDatabase(seededCopy, runCopy),
      }),
      ...latencyRuns("render latency (PostgreSQL, settled)", listDatabase, "list-latency-postgresql-settled", {
        setUp: async () => {
          await dropBenchDatabase(runCopy);
          await dropBenchDatabase(seededCopy);
        },
      }),
      {
        name: "render breakdown (PostgreSQL)",
        args: [
          "scripts/bench/render-breakdown.ts",
          "--database",
          listDatabase,
          "--latency",
          runFileList("list-latency-postgresql-settled"),
          "--out",
          out("render-breakdown-postgresql.json"),
        ],
      },
    );
  }
  const failed: string[] = [];
  for (const step of steps) {
    // Without briefs there is nothing to measure.
    if (/^render (latency|breakdown) \(PostgreSQL/.test(step.name) && failed.includes("seed (PostgreSQL)")) continue;
    try {
      await step.before?.();
      if (!run(step.name, ...tsx(...step.args))) failed.push(step.name);
      else await step.after?.();
    } catch (error) {
      console.error(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      failed.push(step.name);
    }
    if (step.name === "seed" && failed.includes("seed")) return 1;
  }

  const runFiles = (file: string) =>
    Array.from({ length: sizes.latencyRuns }, (_, index) =>
      readJson(path.join(root, out(`${file}-${index + 1}.json`))),
    );
  const sqliteLatency = runFiles("list-latency");
  const sections: ReportSection[] = [
    ingestSection(readJson(path.join(root, out("ingest.json")))),
    latencySection(sqliteLatency),
    loadSection(readJson(path.join(root, out("load.json")))),
    lighthouseSection(readJson(path.join(root, out("lighthouse.json")))),
    loadSection(readJson(path.join(root, out("load-signed-in.json"))), SIGNED_IN),
    lighthouseSection(readJson(path.join(root, out("lighthouse-signed-in.json"))), SIGNED_IN),
    triageLoadSection(readJson(path.join(root, out("load-triage.json")))),
    firstLoadSection(readJson(path.join(root, out("first-load-js.json")))),
    databaseComparisonSection(
      { ingest: readJson(path.join(root, out("ingest.json"))), latency: sqliteLatency },
      "url" in server
        ? {
            ingest: readJson(path.join(root, out("ingest-postgresql.json"))),
            afterSeeding: runFiles("list-latency-postgresql-seeded"),
            settled: runFiles("list-latency-postgresql-settled"),
          }
        : server,
    ),
    renderBreakdownSection(
      { runs: sqliteLatency, breakdown: readJson(path.join(root, out("render-breakdown.json"))) },
      "url" in server
        ? {
            runs: runFiles("list-latency-postgresql-settled"),
            breakdown: readJson(path.join(root, out("render-breakdown-postgresql.json"))),
          }
        : null,
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Benchmark stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
