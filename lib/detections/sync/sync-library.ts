import "server-only";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { db, ensureWalMode } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { collectRecords } from "@/lib/detections/importers/import-directory";
import type { ImportProblem } from "@/lib/detections/importers/import-types";
import { parseElasticRule } from "@/lib/detections/importers/elastic-rule";
import { parseSigmaFile } from "@/lib/detections/importers/sigma-file";
import { saveLibrary, type LibraryCounts, type WithinRuleSave } from "@/lib/detections/store";
import { readRuleFiles, type ArchiveLimits } from "@/lib/detections/sync/read-archive";
import { RULE_LIBRARIES, type RuleLibrary, type RuleSourceConfig } from "@/lib/rule-libraries/rule-sources";
import { downloadToFile } from "@/lib/http/fetch";
import { acquireLeaseWaiting, releaseLease } from "@/lib/leases/lease";
import { errorMessage } from "@/lib/log/error-message";

export type RuleSyncTrigger = "cli" | "scheduler" | "startup";

export type RuleSyncProgress =
  | { phase: "downloading"; bytes: number }
  | { phase: "reading"; entries: number; kept: number }
  | { phase: "parsed"; files: number; rules: number };

export type RuleSyncResult =
  | ({ status: "ok"; source: string; runId: string; durationMs: number; problems: ImportProblem[] } & LibraryCounts)
  | { status: "not-modified"; source: string; runId: string; durationMs: number }
  | { status: "failed"; source: string; runId: string; durationMs: number; error: string }
  | { status: "busy"; source: string };

export type RuleSyncOptions = {
  trigger: RuleSyncTrigger;
  /** An archive fetched elsewhere (air-gapped sites): read instead of downloading the URL. */
  file?: string;
  onProgress?: (progress: RuleSyncProgress) => void;
  /** Called once when another sync of this library holds it and this one waits its turn. */
  onWait?: () => void;
  /** Work committed with the rules (lib/ingest's RULE_SYNC_STEPS). */
  withinSave?: readonly WithinRuleSave[];
};

/**
 * Caps on what an archive may hold. A repository archive of either library holds under 5,000
 * entries and about 100 MiB uncompressed; rule files are a few kB. Anything far past that is not a
 * rule library (or is a decompression bomb) and fails the sync before anything is stored.
 */
export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 100_000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
};

/** Longer than any sync should take; a second sync waits this long for the first before giving up. */
const WAIT_FOR_OTHER_SYNC_MS = 15 * 60_000;

export function leaseKeyOf(source: string): string {
  return `rules:${source}`;
}

function parserFor(library: RuleLibrary) {
  return library.format === "sigma" ? (text: string) => parseSigmaFile(text, "sigma-import") : parseElasticRule;
}

type Archive =
  { status: "not-modified" } | { status: "ok"; file: string; etag: string | null; lastModified: string | null };

async function obtainArchive(
  config: RuleSourceConfig,
  options: RuleSyncOptions,
  stored: { etag: string | null; lastModified: string | null },
  workDir: string,
): Promise<Archive> {
  if (options.file) {
    await fs.access(options.file).catch(() => {
      throw new Error(`Cannot read the archive ${options.file}: no such file`);
    });
    return { status: "ok", file: options.file, etag: null, lastModified: null };
  }
  const env = readEnv();
  const file = path.join(workDir, "archive");
  const downloaded = await downloadToFile(config.url, {
    filePath: file,
    etag: stored.etag,
    lastModified: stored.lastModified,
    allowPrivate: env.FEED_ALLOW_PRIVATE,
    maxBytes: env.RULES_MAX_ARCHIVE_BYTES,
    limitName: "RULES_MAX_ARCHIVE_BYTES",
    timeoutMs: env.RULES_TIMEOUT_MS,
    onProgress: (bytes) => options.onProgress?.({ phase: "downloading", bytes }),
  });
  if (downloaded.status === "not-modified") return downloaded;
  return { status: "ok", file, etag: downloaded.etag, lastModified: downloaded.lastModified };
}

/**
 * Brings one rule library up to date: download its archive (a 304 when unchanged), read the rule
 * folders out of it, parse every rule, then store them and retire what the library dropped, in one
 * transaction. The CLI and the scheduler call this; every run is recorded. A failure at any step
 * changes no rule. Syncs of one library never overlap, across processes too: a second one waits.
 */
export async function syncRuleLibrary(config: RuleSourceConfig, options: RuleSyncOptions): Promise<RuleSyncResult> {
  const library = RULE_LIBRARIES[config.name];
  await ensureWalMode();
  const leaseKey = leaseKeyOf(config.name);
  if (!(await acquireLeaseWaiting(leaseKey, { timeoutMs: WAIT_FOR_OTHER_SYNC_MS, onWait: options.onWait })))
    return { status: "busy", source: config.name };

  const started = Date.now();
  const location = options.file ? path.resolve(options.file) : config.url;
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), `rules-${config.name}-`));
  try {
    const stored = await db.ruleSource.upsert({
      where: { name: config.name },
      create: { name: config.name, url: config.url },
      update: {},
    });
    // Validators belong to one URL: after the URL changes, the first sync downloads in full.
    const validators = stored.url === config.url ? stored : { etag: null, lastModified: null };
    await db.ruleSyncRun.updateMany({
      where: { sourceName: config.name, status: "running" },
      data: { status: "failed", finishedAt: new Date(), error: "Interrupted: the process running it stopped" },
    });
    const run = await db.ruleSyncRun.create({
      data: { sourceName: config.name, location, trigger: options.trigger, status: "running" },
    });

    try {
      const archive = await obtainArchive(config, options, validators, workDir);
      if (archive.status === "not-modified") {
        const finishedAt = new Date();
        await db.$transaction([
          db.ruleSyncRun.update({
            where: { id: run.id },
            data: { status: "not-modified", finishedAt, etag: validators.etag, lastModified: validators.lastModified },
          }),
          db.ruleSource.update({
            where: { name: config.name },
            data: { url: config.url, lastSyncedAt: finishedAt, lastOutcome: "not-modified", lastError: null },
          }),
        ]);
        return { status: "not-modified", source: config.name, runId: run.id, durationMs: Date.now() - started };
      }

      const read = await readRuleFiles(archive.file, {
        folders: library.folders,
        extensions: library.extensions,
        limits: ARCHIVE_LIMITS,
        onProgress: (progress) =>
          options.onProgress?.({ phase: "reading", entries: progress.entries, kept: progress.kept }),
      }).catch((error: unknown) => {
        throw new Error(
          `${options.file ? "The archive file" : "The archive downloaded from " + config.url}: ${errorMessage(error)}`,
        );
      });
      // Such entries are never extracted; but a rule library never holds them, so an archive that does
      // is hostile or broken, and none of it is trusted.
      if (read.skipped.length) {
        throw new Error(
          `The archive holds entries no rule library has, so it was refused: ${read.skipped
            .slice(0, 5)
            .map((entry) => `${entry.path} (${entry.reason})`)
            .join("; ")}${read.skipped.length > 5 ? ` and ${read.skipped.length - 5} more` : ""}`,
        );
      }
      if (read.files.length === 0) {
        throw new Error(
          `The archive holds no ${library.extensions.join(" or ")} rule under ${library.folders.join(" or ")}: is it the ${library.label} archive? Nothing was changed.`,
        );
      }

      const collector = collectRecords(parserFor(library));
      for (const file of read.files) collector.add(file.path, file.text);
      options.onProgress?.({ phase: "parsed", files: read.files.length, rules: collector.records.length });
      const records = collector.records.map((record) => ({
        ...record,
        license: library.license,
        originPath: collector.pathOf.get(record.id) ?? "",
      }));
      const counts = await saveLibrary(
        config.name,
        records,
        collector.problems.map((problem) => problem.path),
        options.withinSave,
      );

      const finishedAt = new Date();
      await db.$transaction([
        db.ruleSyncRun.update({
          where: { id: run.id },
          data: {
            status: "ok",
            finishedAt,
            etag: archive.etag,
            lastModified: archive.lastModified,
            skipped: collector.problems.length,
            ...counts,
          },
        }),
        db.ruleSource.update({
          where: { name: config.name },
          // An offline archive is not what the URL serves: clear the validators so the next online sync downloads in full.
          data: {
            url: config.url,
            etag: archive.etag,
            lastModified: archive.lastModified,
            lastSyncedAt: finishedAt,
            lastOutcome: "ok",
            lastError: null,
          },
        }),
      ]);
      return {
        status: "ok",
        source: config.name,
        runId: run.id,
        durationMs: Date.now() - started,
        problems: collector.problems,
        ...counts,
      };
    } catch (error) {
      const message = errorMessage(error);
      const finishedAt = new Date();
      await db.$transaction([
        db.ruleSyncRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt, error: message } }),
        db.ruleSource.update({
          where: { name: config.name },
          data: { lastSyncedAt: finishedAt, lastOutcome: "failed", lastError: message },
        }),
      ]);
      return { status: "failed", source: config.name, runId: run.id, durationMs: Date.now() - started, error: message };
    }
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
    await releaseLease(leaseKey);
  }
}

/**
 * Syncs each configured library (RULE_SOURCES) in turn. With `dueAfterMs`, only those not synced
 * within that time: a server restarted often does not fetch the libraries at every start.
 */
export async function syncConfiguredLibraries(
  trigger: RuleSyncTrigger,
  options: { dueAfterMs?: number; withinSave?: readonly WithinRuleSave[] } = {},
): Promise<RuleSyncResult[]> {
  const sources = readEnv().RULE_SOURCES;
  const recent = options.dueAfterMs
    ? new Set(
        (
          await db.ruleSource.findMany({
            where: { lastSyncedAt: { gt: new Date(Date.now() - options.dueAfterMs) } },
            select: { name: true },
          })
        ).map((row) => row.name),
      )
    : new Set<string>();
  const results: RuleSyncResult[] = [];
  for (const source of sources.filter((candidate) => !recent.has(candidate.name))) {
    const result = await syncRuleLibrary(source, { trigger, withinSave: options.withinSave });
    const line = JSON.stringify({
      event: `rules-sync.${result.status}`,
      trigger,
      ...result,
      problems: result.status === "ok" ? result.problems.length : undefined,
    });
    if (result.status === "failed") console.error(line);
    else console.log(line);
    results.push(result);
  }
  return results;
}
