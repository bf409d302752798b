import { parseArgs } from "node:util";
import { optionsOrUsage } from "./options-or-usage";
import { applyPendingMigrationsOrReport } from "@/lib/db-migrations";
import { type FeedSource, type IngestResult } from "@/lib/feed/ingest";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { NotifyConfigError } from "@/lib/notify/config";
import { registerConfiguredTargets } from "@/lib/notify/targets";
import { runInTurn } from "./run-in-turn";
import { errorMessage } from "@/lib/log/error-message";

const LARGE_FEED_ITEMS = 1000;
const USAGE = "Usage: npm run ingest -- [--url URL]... [--file PATH]...";

function describeResult(result: IngestResult): string {
  switch (result.status) {
    case "ok":
      return (
        `${result.feedUrl}: ${result.seen} seen, ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged` +
        `${result.duplicates ? `, ${result.duplicates} duplicate items skipped` : ""} in ${(result.durationMs / 1000).toFixed(2)} s`
      );
    case "not-modified":
      return `${result.feedUrl}: not modified since the last fetch (${(result.durationMs / 1000).toFixed(2)} s)`;
    case "deferred":
      return `${result.feedUrl}: deferred until ${result.until.toISOString()} after earlier failures`;
    case "not-due":
      return `${result.feedUrl}: not due, a run started at ${result.lastRunAt.toISOString()}`;
    case "busy":
      return `${result.feedUrl}: skipped, another run is ingesting this feed right now`;
    case "failed":
      return `${result.feedUrl}: FAILED after ${(result.durationMs / 1000).toFixed(2)} s: ${result.error}`;
  }
}

async function main(): Promise<number> {
  const parsed = optionsOrUsage(
    () =>
      parseArgs({
        options: {
          url: { type: "string", multiple: true },
          file: { type: "string", multiple: true },
          help: { type: "boolean", short: "h" },
        },
        allowPositionals: false,
      }),
    USAGE,
  );
  if (!parsed) return 2;
  const { values } = parsed;
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
  const migrationExitCode = await applyPendingMigrationsOrReport();
  if (migrationExitCode !== 0) return migrationExitCode;
  try {
    await registerConfiguredTargets();
  } catch (error) {
    if (!(error instanceof NotifyConfigError)) throw error;
    console.error(error.message);
    return 2;
  }

  return runInTurn(
    sources,
    (source) =>
      ingestFeed(source, {
        trigger: "cli",
        onProgress: (progress) => {
          // Progress only where a run takes long enough for someone to wonder.
          if (progress.phase === "parsed" && progress.items >= LARGE_FEED_ITEMS)
            console.error(`parsed ${progress.items} items`);
          if (progress.phase === "stored" && progress.total >= LARGE_FEED_ITEMS)
            console.error(`stored ${progress.done}/${progress.total}`);
        },
      }),
    { describe: describeResult, failed: (result) => result.status === "failed" },
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Ingest stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
