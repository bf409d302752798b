import { parseArgs } from "node:util";
import { optionsOrUsage } from "./options-or-usage";
import { applyPendingMigrationsOrReport } from "@/lib/db-migrations";
import { readEnv } from "@/lib/env";
import {
  RULE_LIBRARIES,
  RULE_LIBRARY_NAMES,
  isRuleLibraryName,
  type RuleSourceConfig,
} from "@/lib/rule-libraries/rule-sources";
import { syncRuleLibrary, type RuleSyncProgress, type RuleSyncResult } from "@/lib/detections/sync/sync-library";
import { RULE_SYNC_STEPS } from "@/lib/ingest/steps";
import { runInTurn } from "./run-in-turn";
import { errorMessage } from "@/lib/log/error-message";

const USAGE = `Usage: npm run rules:sync [-- --source ${RULE_LIBRARY_NAMES.join("|")} [--file ARCHIVE.zip|.tar.gz]]`;
const MIB = 1024 * 1024;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function describeResult(result: RuleSyncResult): string {
  switch (result.status) {
    case "ok":
      return (
        `${result.source}: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.retired} retired` +
        `${result.problems.length ? `; ${result.problems.length} file(s) skipped` : ""} in ${seconds(result.durationMs)}`
      );
    case "not-modified":
      return `${result.source}: archive not modified since the last sync (${seconds(result.durationMs)})`;
    case "busy":
      return `${result.source}: skipped, another sync of this library did not finish in time`;
    case "failed":
      return `${result.source}: FAILED after ${seconds(result.durationMs)}, nothing was changed: ${result.error}`;
  }
}

/** Progress on stderr, a line per MiB downloaded and per batch of entries read, as ingest prints it. */
function progressPrinter(source: string): (progress: RuleSyncProgress) => void {
  let lastMib = 0;
  return (progress) => {
    if (progress.phase === "downloading" && Math.floor(progress.bytes / MIB) > lastMib) {
      lastMib = Math.floor(progress.bytes / MIB);
      console.error(`${source}: downloaded ${lastMib} MiB`);
    }
    if (progress.phase === "reading")
      console.error(`${source}: read ${progress.entries} archive entries, ${progress.kept} rule files kept`);
    if (progress.phase === "parsed")
      console.error(`${source}: parsed ${progress.files} files into ${progress.rules} rules, saving`);
  };
}

async function main(): Promise<number> {
  const parsed = optionsOrUsage(
    () =>
      parseArgs({
        options: { source: { type: "string" }, file: { type: "string" }, help: { type: "boolean", short: "h" } },
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
  const name = values.source?.trim().toLowerCase();
  if (name !== undefined && !isRuleLibraryName(name)) {
    console.error(`Unknown source "${values.source}": one of ${RULE_LIBRARY_NAMES.join(", ")}.\n${USAGE}`);
    return 2;
  }
  if (values.file && !name) {
    console.error(`--file needs --source: say which library the archive holds.\n${USAGE}`);
    return 2;
  }

  const configured = readEnv().RULE_SOURCES;
  // An offline archive may be synced even when RULE_SOURCES leaves its library out.
  const sources: RuleSourceConfig[] = name
    ? [configured.find((source) => source.name === name) ?? { name, url: RULE_LIBRARIES[name].defaultUrl }]
    : configured;
  if (sources.length === 0) {
    console.error(`RULE_SOURCES is empty: no rule library to sync.\n${USAGE}`);
    return 2;
  }

  const migrationExitCode = await applyPendingMigrationsOrReport();
  if (migrationExitCode !== 0) return migrationExitCode;

  return runInTurn(
    sources,
    async (source) => {
      const result = await syncRuleLibrary(source, {
        trigger: "cli",
        file: values.file,
        withinSave: RULE_SYNC_STEPS,
        onProgress: progressPrinter(source.name),
        onWait: () =>
          console.error(`${source.name}: another sync of this library is running; waiting for it to finish`),
      });
      if (result.status === "ok")
        for (const problem of result.problems) console.error(`skipped ${problem.path}: ${problem.reason}`);
      return result;
    },
    { describe: describeResult, failed: (result) => result.status === "failed" || result.status === "busy" },
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Sync stopped, nothing was changed: ${errorMessage(error)}`);
    process.exit(1);
  },
);
