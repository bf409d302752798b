// Fills a database (a SQLite file or a PostgreSQL one) with synthetic briefs through the real ingest
// pipeline, so benchmarks measure the data the app itself would have written, in the state the app
// leaves it in (its own upkeep after each ingest included, nothing more).
//   tsx --conditions=react-server scripts/bench/seed-briefs.ts --count 50000 --database file:./data/bench.db
//   tsx --conditions=react-server scripts/bench/seed-briefs.ts --count 50000 --database postgresql://postgres@127.0.0.1:55432/briefs_bench
//   --fresh    drop the PostgreSQL database first (its name must say bench), so what follows meets a database right after seeding
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { recreateBenchDatabase } from "@/scripts/bench/support/bench-databases";
import { writeSyntheticFeedFiles } from "@/scripts/bench/support/synthetic-feed";
import { redactedDatabaseUrl } from "@/lib/env";
// Type-only: erased at run time, so it loads nothing before DATABASE_URL is set.
import type { IngestProgress } from "@/lib/feed/ingest";
import { optionsOrUsage } from "../options-or-usage";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  "Usage: tsx --conditions=react-server scripts/bench/seed-briefs.ts [--count 50000] [--database file:./data/bench.db|postgresql://…] [--fresh] [--per-file 10000] [--seed 1]";
/** Progress lines per file while storing: enough to show it moves, few enough to read. */
const STORE_PROGRESS_STEP = 2500;

type SeedOptions = { count: number; database: string; fresh: boolean; perFile: number; seed: number };

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return number;
}

function readOptions(): SeedOptions {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "50000" },
      database: { type: "string", default: "file:./data/bench.db" },
      "per-file": { type: "string", default: "10000" },
      seed: { type: "string", default: "1" },
      fresh: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (!/^(file:|postgres(ql)?:\/\/)/.test(values.database)) {
    throw new Error(
      `--database must be a SQLite file: URL or a postgresql:// URL, got "${redactedDatabaseUrl(values.database)}"`,
    );
  }
  if (values.fresh && !values.database.startsWith("postgres"))
    throw new Error("--fresh drops a PostgreSQL database; for SQLite, remove the file");
  return {
    count: positiveInteger("count", values.count),
    database: values.database,
    fresh: values.fresh,
    perFile: positiveInteger("per-file", values["per-file"]),
    seed: positiveInteger("seed", values.seed),
  };
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

function migrate(database: string): void {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/migrate.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database },
    stdio: "inherit",
  });
  if (result.status !== 0)
    throw new Error(`Migrating ${redactedDatabaseUrl(database)} failed (exit ${result.status ?? result.signal})`);
}

function progressPrinter(label: string, started: number) {
  let printedSteps = 0;
  return (progress: IngestProgress) => {
    const elapsed = seconds(performance.now() - started);
    if (progress.phase === "parsed") console.log(`${label}: parsed ${progress.items} items (${elapsed})`);
    if (progress.phase !== "stored") return;
    const steps = Math.floor(progress.done / STORE_PROGRESS_STEP);
    if (steps > printedSteps || progress.done === progress.total) {
      printedSteps = steps;
      console.log(`${label}: stored ${progress.done}/${progress.total} (${elapsed})`);
    }
  };
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  // Relative database URLs resolve against the project folder, as everywhere else in the project.
  process.chdir(root);
  // Set before any lib module loads: lib/db opens the database named here when it is imported.
  process.env.DATABASE_URL = options.database;
  if (options.fresh) await recreateBenchDatabase(options.database);
  migrate(options.database);
  const shown = redactedDatabaseUrl(options.database);

  const { db } = await import("@/lib/db");
  const { ingestFeed } = await import("@/lib/ingest/ingest-feed");
  try {
    const existing = await db.brief.count();
    if (existing >= options.count) {
      console.log(`${shown} already has ${existing} briefs (>= ${options.count}): skipping seeding.`);
      return 0;
    }

    const started = performance.now();
    // A fixed folder per seed keeps the feeds' file: URLs, and so their Feed rows, the same across runs.
    const directory = path.join(os.tmpdir(), `threat-brief-bench-seed-${options.seed}`);
    console.log(
      `Seeding ${shown}: ${existing} briefs now, generating ${options.count} synthetic items (seed ${options.seed})…`,
    );
    const files = await writeSyntheticFeedFiles(directory, options.count, options.perFile, options.seed);
    console.log(`Wrote ${files.length} feed file(s) to ${directory} in ${seconds(performance.now() - started)}`);

    let failed = false;
    try {
      for (const [index, file] of files.entries()) {
        const label = `[${index + 1}/${files.length}] ${path.basename(file)}`;
        const fileStarted = performance.now();
        const result = await ingestFeed(
          { kind: "file", path: file },
          { trigger: "cli", onProgress: progressPrinter(label, fileStarted) },
        );
        if (result.status === "ok") {
          console.log(
            `${label}: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged in ${seconds(result.durationMs)}`,
          );
        } else {
          failed = true;
          console.error(`${label}: ${result.status}${"error" in result ? `: ${result.error}` : ""}`);
        }
      }
    } finally {
      await fs.rm(directory, { recursive: true, force: true });
    }

    const total = await db.brief.count();
    console.log(`Seeding took ${seconds(performance.now() - started)}; ${shown} now has ${total} briefs.`);
    return failed ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Seeding stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
