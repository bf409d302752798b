// How long `npm run ingest` takes on a large feed, against a process that only parses it (issue 6).
//   tsx --conditions=react-server scripts/bench/ingest-bench.ts [--items 10000] [--runs 3] [--out bench-results/ingest.json]
//   npm run bench:ingest:smoke     300 items, one run, as CI runs it
//   --database postgresql://…/briefs_bench    on PostgreSQL instead of a new SQLite file per run: that
//                                             database (its name must say bench) is dropped and created anew before each run
// Each run, in this order so that all four see the same machine: (a) parse only, (b) the first ingest
// into a new, migrated database, (c) the same feed again, (d) the feed with 10% of its items changed.
// Whole processes, as a user starts them; wall time, peak memory (GNU time) and CPU time, medians over
// the runs, and each as a ratio to (a). Exits 0 when a target is missed (the report says so) and 1
// only when something failed to run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  describeTargets,
  evaluateTargets,
  ingestTable,
  readTimeOutput,
  summariseScenarios,
  TIME_FORMAT,
  type ProcessSample,
  type ScenarioName,
} from "@/scripts/bench/support/ingest-report";
import { generateSyntheticFeed } from "@/scripts/bench/support/synthetic-feed";
import { redactedDatabaseUrl } from "@/lib/env";
import { benchDatabase, recreateBenchDatabase } from "@/scripts/bench/support/bench-databases";
import { optionsOrUsage } from "../options-or-usage";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  "Usage: tsx --conditions=react-server scripts/bench/ingest-bench.ts [--items 10000] [--runs 3] [--out bench-results/ingest.json] [--smoke] [--seed 1] [--database postgresql://…/briefs_bench]";
const GNU_TIME = "/usr/bin/time";
const CHANGED_FRACTION = 0.1;
const WARM_UP_ITEMS = 50;

/** `database`: a PostgreSQL URL, or null for a SQLite file of each run's own. */
type BenchOptions = { items: number; runs: number; out: string; seed: number; database: string | null };

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return number;
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      items: { type: "string" },
      runs: { type: "string" },
      out: { type: "string" },
      seed: { type: "string", default: "1" },
      smoke: { type: "boolean", default: false },
      database: { type: "string" },
    },
    allowPositionals: false,
  });
  return {
    items: positiveInteger("items", values.items ?? (values.smoke ? "300" : "10000")),
    runs: positiveInteger("runs", values.runs ?? (values.smoke ? "1" : "3")),
    out: values.out ?? (values.smoke ? "bench-results/ingest-smoke.json" : "bench-results/ingest.json"),
    seed: positiveInteger("seed", values.seed),
    database: values.database === undefined ? null : benchDatabase(values.database),
  };
}

class RunFailed extends Error {}

/**
 * A new, migrated database for a run: a SQLite file in the run's folder, or the PostgreSQL database
 * dropped and created anew. Creating it is not the ingest: nothing here is timed.
 */
async function freshDatabase(options: BenchOptions, runDirectory: string): Promise<string> {
  let url = `file:${path.join(runDirectory, "briefs.db")}`;
  if (options.database) {
    url = options.database;
    await recreateBenchDatabase(url);
  }
  migrate(url);
  return url;
}

type Command = { label: string; command: string; args: string[]; env?: Record<string, string> };

/** The parse-only process runs the way the ingest script does (package.json), without npm in front. */
function parseOnly(file: string): Command {
  return {
    label: "parse only",
    command: process.execPath,
    args: ["--import", "tsx", "--conditions=react-server", "scripts/bench/parse-only.ts", file],
  };
}

/** Exactly what a user types; the database is the run's own. */
function ingest(file: string, databaseUrl: string): Command {
  return {
    label: "npm run ingest",
    command: "npm",
    args: ["run", "ingest", "--", "--file", file],
    env: { DATABASE_URL: databaseUrl },
  };
}

function describeCommand({ command, args, env }: Command): string {
  const prefix = env
    ? `${Object.entries(env)
        .map(([name, value]) => `${name}=${name === "DATABASE_URL" ? redactedDatabaseUrl(value) : value}`)
        .join(" ")} `
    : "";
  return `${prefix}${command === process.execPath ? "node" : command} ${args.join(" ")}`;
}

/** Runs a command under GNU time; returns its figures and what it printed, or throws when it failed. */
function measure(command: Command, timeFile: string): { sample: ProcessSample; stdout: string } {
  const started = performance.now();
  const result = spawnSync(GNU_TIME, ["-f", TIME_FORMAT, "-o", timeFile, command.command, ...command.args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...command.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.error) throw new RunFailed(`${describeCommand(command)} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new RunFailed(
      `${describeCommand(command)} exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`,
    );
  }
  // GNU time's own %e has 10 ms steps; the wall time measured here is finer and includes it.
  const sample = { ...readTimeOutput(fs.readFileSync(timeFile, "utf8")), wallSeconds };
  return { sample, stdout: result.stdout };
}

function expectOutput(command: Command, stdout: string, pattern: RegExp): void {
  if (!pattern.test(stdout))
    throw new RunFailed(`${describeCommand(command)} printed ${JSON.stringify(stdout.trim())}, expected ${pattern}`);
}

function migrate(databaseUrl: string): void {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (result.status !== 0)
    throw new RunFailed(`Migrating ${databaseUrl} failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
}

function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  if (!fs.existsSync(GNU_TIME)) {
    console.error(`${GNU_TIME} (GNU time) is needed to read peak memory; install Debian's "time" package.`);
    return 1;
  }

  // Other work on the machine slows every process measured; the load average says how much there was.
  const loadAverageAtStart = os.loadavg();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-bench-"));
  try {
    const { items, seed } = options;
    const changedCount = Math.round(items * CHANGED_FRACTION);
    const baseFeed = path.join(directory, "feed.xml");
    const changedFeed = path.join(directory, "feed-changed.xml");
    fs.writeFileSync(baseFeed, generateSyntheticFeed({ items, seed }));
    fs.writeFileSync(changedFeed, generateSyntheticFeed({ items, seed, changedFraction: CHANGED_FRACTION }));
    console.log(
      `${items} items (seed ${seed}): ${(fs.statSync(baseFeed).size / 2 ** 20).toFixed(1)} MiB feed in ${directory}; ${options.runs} run(s)`,
    );

    // Untimed: the first process to load a TypeScript file compiles it into tsx's cache; no run should pay that.
    const warmUp = path.join(directory, "warm-up");
    fs.mkdirSync(warmUp);
    fs.writeFileSync(path.join(warmUp, "feed.xml"), generateSyntheticFeed({ items: WARM_UP_ITEMS, seed: seed + 1 }));
    const warmUpDatabase = await freshDatabase(options, warmUp);
    measure(parseOnly(path.join(warmUp, "feed.xml")), path.join(warmUp, "time.txt"));
    measure(ingest(path.join(warmUp, "feed.xml"), warmUpDatabase), path.join(warmUp, "time.txt"));

    const samples: Record<ScenarioName, ProcessSample[]> = {
      parseOnly: [],
      firstIngest: [],
      unchangedReingest: [],
      changedReingest: [],
    };
    const commands: Partial<Record<ScenarioName, string>> = {};
    for (let run = 1; run <= options.runs; run += 1) {
      const runDirectory = path.join(directory, `run-${run}`);
      fs.mkdirSync(runDirectory);
      // The feed keeps one path, so every ingest of the run is the same feed (its file: URL is its key).
      const feed = path.join(runDirectory, "feed.xml");
      const timeFile = path.join(runDirectory, "time.txt");
      fs.copyFileSync(baseFeed, feed);
      const database = await freshDatabase(options, runDirectory);

      const steps: { scenario: ScenarioName; command: Command; expect: RegExp; before?: () => void }[] = [
        { scenario: "parseOnly", command: parseOnly(feed), expect: new RegExp(`^parsed ${items} items$`, "m") },
        {
          scenario: "firstIngest",
          command: ingest(feed, database),
          expect: new RegExp(`${items} seen, ${items} new, 0 updated, 0 unchanged`),
        },
        {
          scenario: "unchangedReingest",
          command: ingest(feed, database),
          expect: new RegExp(`${items} seen, 0 new, 0 updated, ${items} unchanged`),
        },
        {
          scenario: "changedReingest",
          command: ingest(feed, database),
          expect: new RegExp(`${items} seen, 0 new, ${changedCount} updated, ${items - changedCount} unchanged`),
          before: () => fs.copyFileSync(changedFeed, feed),
        },
      ];
      const line: string[] = [];
      for (const step of steps) {
        step.before?.();
        const { sample, stdout } = measure(step.command, timeFile);
        expectOutput(step.command, stdout, step.expect);
        samples[step.scenario].push(sample);
        commands[step.scenario] ??= describeCommand(step.command).replaceAll(directory, "$BENCH_DIR");
        line.push(`${step.scenario} ${seconds(sample.wallSeconds)} ${sample.peakRssMiB.toFixed(0)} MiB`);
      }
      console.log(`run ${run}/${options.runs}: ${line.join(", ")}`);
    }

    const summaries = summariseScenarios([
      { name: "parseOnly", label: "(a) parse only", samples: samples.parseOnly },
      { name: "firstIngest", label: "(b) first ingest, empty database", samples: samples.firstIngest },
      { name: "unchangedReingest", label: "(c) re-ingest, unchanged", samples: samples.unchangedReingest },
      {
        name: "changedReingest",
        label: `(d) re-ingest, ${CHANGED_FRACTION * 100}% changed`,
        samples: samples.changedReingest,
      },
    ]);
    const targets = evaluateTargets(summaries);
    const report = {
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        node: process.version,
        loadAverageAtStart,
        loadAverageAtEnd: os.loadavg(),
      },
      feed: { items, seed, changedFraction: CHANGED_FRACTION, bytes: fs.statSync(baseFeed).size },
      database: options.database ? "postgresql" : "sqlite",
      runs: options.runs,
      commands,
      scenarios: summaries,
      targets,
    };
    const out = path.resolve(root, options.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

    const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(" ");
    console.log(
      `\n## Ingest of ${items} items (median of ${options.runs} run(s); load average ${load(loadAverageAtStart)} before, ${load(os.loadavg())} after)\n`,
    );
    console.log(ingestTable(summaries));
    console.log(`\n${describeTargets(targets)}`);
    const missed = targets.filter((target) => !target.met).length;
    console.log(
      `\n${missed ? `${missed} of ${targets.length} targets NOT MET` : "All targets met"}; written to ${path.relative(root, out)}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof RunFailed)) throw error;
    console.error(`Ingest benchmark failed: ${error.message}`);
    return 1;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

process.exit(await main());
