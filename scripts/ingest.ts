import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { applyPendingMigrations, MigrationError } from "@/lib/db-migrations";
// Type-only: the pipeline (and the database client) load after the prepare workers have started.
import type { FeedSource, IngestResult } from "@/lib/feed/ingest";
import { createPreparePool } from "@/lib/feed/prepare-pool";

const LARGE_FEED_ITEMS = 1000;
/** New and changed items worth preparing on several cores; fewer are quicker done here than a worker starts. */
const POOL_MIN_ITEMS = 2000;
/** A feed file this large may bring thousands of new items: one worker starts while it is parsed. */
const WARM_POOL_BYTES = 4 * 1024 * 1024;
const USAGE = "Usage: npm run ingest -- [--url URL]... [--file PATH]...";

function describeResult(result: IngestResult): string {
  switch (result.status) {
    case "ok":
      return `${result.feedUrl}: ${result.seen} seen, ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged` +
        `${result.duplicates ? `, ${result.duplicates} duplicate items skipped` : ""} in ${(result.durationMs / 1000).toFixed(2)} s`;
    case "not-modified":
      return `${result.feedUrl}: not modified since the last fetch (${(result.durationMs / 1000).toFixed(2)} s)`;
    case "deferred":
      return `${result.feedUrl}: deferred until ${result.until.toISOString()} after earlier failures`;
    case "busy":
      return `${result.feedUrl}: skipped, another run is ingesting this feed right now`;
    case "failed":
      return `${result.feedUrl}: FAILED after ${(result.durationMs / 1000).toFixed(2)} s: ${result.error}`;
  }
}

async function main(): Promise<number> {
  let values: { url?: string[]; file?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { url: { type: "string", multiple: true }, file: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sources: FeedSource[] = [
    ...(values.url ?? []).map((url): FeedSource => ({ kind: "url", url })),
    ...(values.file ?? []).map((path): FeedSource => ({ kind: "file", path })),
  ];
  if (sources.length === 0) {
    console.error(`Nothing to ingest: name at least one feed.\n${USAGE}`);
    return 2;
  }

  // In this process rather than a separate `db:migrate` run before it: starting a second process
  // cost more than the check itself, which is one read when nothing is pending.
  try {
    applyPendingMigrations();
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    process.stderr.write(error.output);
    console.error(error.message);
    return error.exitCode;
  }

  // This thread prepares too (whenever the next chunk is not ready), so one worker per other core.
  const pool = createPreparePool({ size: Math.max(1, os.availableParallelism() - 1), minItems: POOL_MIN_ITEMS });
  // The second core is idle while this thread loads modules and parses; a worker can start there.
  // One only: a feed that brings nothing new would leave it idle, and two would slow the parse.
  if (sources.some((source) => source.kind === "file" && (fs.statSync(source.path, { throwIfNoEntry: false })?.size ?? 0) >= WARM_POOL_BYTES)) void pool.warm(1);
  const { ingestFeed } = await import("@/lib/feed/ingest");

  let failed = false;
  for (const source of sources) {
    const result = await ingestFeed(source, {
      trigger: "cli",
      prepare: pool.prepare,
      onProgress: (progress) => {
        // Progress only where a run takes long enough for someone to wonder.
        if (progress.phase === "parsed" && progress.items >= LARGE_FEED_ITEMS) console.error(`parsed ${progress.items} items`);
        if (progress.phase === "stored" && progress.total >= LARGE_FEED_ITEMS) console.error(`stored ${progress.done}/${progress.total}`);
      },
    });
    const line = describeResult(result);
    if (result.status === "failed") {
      failed = true;
      console.error(line);
    } else {
      console.log(line);
    }
  }
  await pool.close();
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Ingest stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
