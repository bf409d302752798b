import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { settleAfterIngest } from "@/lib/briefs/index-upkeep";
import { db, ensureWalMode } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { decodeFeedBytes } from "@/lib/feed/decode";
import { nextAttemptAt } from "@/lib/feed/backoff";
import { FeedFetchError, fetchFeed, type FetchResult } from "@/lib/http/fetch";
import { acquireLease, releaseLease } from "@/lib/leases/lease";
import { identifyItems, type IdentifiedItem } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";
import type { SanitizedBrief } from "@/lib/feed/prepare";
import { writeFeedBriefs, type StoreCounts, type WithinStore } from "@/lib/feed/store";
import { errorMessage } from "@/lib/log/error-message";

export type FeedSource = { kind: "url"; url: string } | { kind: "file"; path: string };
export type IngestTrigger = "cli" | "scheduler" | "api" | "startup";

export type IngestProgress =
  | { phase: "fetched"; bytes: number }
  | { phase: "parsed"; items: number }
  | { phase: "stored"; done: number; total: number };

export type IngestResult =
  | ({ status: "ok"; feedUrl: string; runId: string; durationMs: number; duplicates: number } & StoreCounts)
  | { status: "not-modified"; feedUrl: string; runId: string; durationMs: number }
  | { status: "failed"; feedUrl: string; runId: string; durationMs: number; error: string }
  | { status: "busy"; feedUrl: string }
  | { status: "deferred"; feedUrl: string; until: Date }
  | { status: "not-due"; feedUrl: string; lastRunAt: Date };

export type IngestOptions = {
  trigger: IngestTrigger;
  onProgress?: (progress: IngestProgress) => void;
  /**
   * Skip the run when one of this feed started within this many milliseconds (in any process, on
   * any server): what the scheduler asks, so that servers sharing a database ingest each feed once
   * per interval between them. A person asking (CLI, API) passes none.
   */
  dueAfterMs?: number;
};

/**
 * What the features built on feeds add to a run, passed in by the ingest pipeline (lib/ingest/) so
 * that this layer never names them.
 */
export type IngestSteps = {
  /** Run inside the store's transaction: they commit with the briefs or not at all. */
  withinStore: readonly WithinStore[];
  /** Run after a store that created or changed briefs has committed, before the run is recorded as done. */
  afterChange: readonly (() => Promise<void>)[];
};

/** The key a feed is stored under: its URL, or the file's absolute file: URL. */
export function sourceKey(source: FeedSource): string {
  return source.kind === "url" ? source.url : pathToFileURL(path.resolve(source.path)).href;
}

async function load(
  source: FeedSource,
  feed: { etag: string | null; lastModified: string | null },
): Promise<FetchResult> {
  if (source.kind === "file") {
    const body = await fs.readFile(source.path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `Cannot read feed file ${source.path}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
      );
    });
    return { status: "ok", body, contentType: null, etag: null, lastModified: null, finalUrl: sourceKey(source) };
  }
  const env = readEnv();
  return fetchFeed(source.url, {
    etag: feed.etag,
    lastModified: feed.lastModified,
    allowPrivate: env.FEED_ALLOW_PRIVATE,
    maxBytes: env.FEED_MAX_BYTES,
    timeoutMs: env.FEED_TIMEOUT_MS,
  });
}

/** Sanitizing loads sanitize-html (and postcss under it): a run that finds nothing new never does. */
async function* prepareWhenNeeded(items: IdentifiedItem[], baseUrl: string | null): AsyncIterable<SanitizedBrief[]> {
  const prepare = await import("@/lib/feed/prepare");
  yield* prepare.prepareInChunks(items, baseUrl);
}

type ReadFeed = {
  status: "ok";
  title: string | null;
  baseUrl: string | null;
  items: IdentifiedItem[];
  duplicates: number;
  etag: string | null;
  lastModified: string | null;
};

/**
 * Fetches, decodes, parses and identifies a feed. Only what later steps use leaves this function:
 * the bytes, the XML text and the parser's own objects are garbage once it returns, and a large
 * feed's peak memory depends on not keeping them through the store.
 */
async function readSource(
  source: FeedSource,
  loading: Promise<FetchResult>,
  onProgress: ((progress: IngestProgress) => void) | undefined,
): Promise<ReadFeed | { status: "not-modified" }> {
  const fetched = await loading;
  if (fetched.status === "not-modified") return fetched;
  onProgress?.({ phase: "fetched", bytes: fetched.body.length });

  const parsed = await parseFeed(decodeFeedBytes(fetched.body, fetched.contentType));
  onProgress?.({ phase: "parsed", items: parsed.items.length });
  const baseUrl = source.kind === "url" ? fetched.finalUrl : parsed.link;
  const { items, duplicates } = identifyItems(parsed.items, baseUrl);
  return {
    status: "ok",
    title: parsed.title,
    baseUrl,
    items,
    duplicates,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
  };
}

/**
 * One run of a feed (fetch → decode → parse → normalise → sanitize → store) with the steps the
 * pipeline passes in. Every run is recorded; a failure changes no brief. The CLI, the scheduler and
 * the API all reach it through lib/ingest's `ingestFeed`.
 */
export async function runFeedIngest(
  source: FeedSource,
  options: IngestOptions,
  steps: IngestSteps,
): Promise<IngestResult> {
  // A file needs nothing from the database to be read, so its read runs while the database opens
  // (a large one takes a while); a URL is fetched below, with the validators stored for it.
  const fileRead = source.kind === "file" ? load(source, { etag: null, lastModified: null }) : null;
  // Settled here so that a run that never reaches the read (busy, deferred) leaves no unhandled rejection;
  // awaiting it below still throws its error into the run.
  fileRead?.catch(() => {});
  await ensureWalMode();
  const feedUrl = sourceKey(source);
  if (!(await acquireLease(feedUrl))) return { status: "busy", feedUrl };

  const started = Date.now();
  const feed = await db.feed.upsert({ where: { url: feedUrl }, create: { url: feedUrl }, update: {} });
  // Only the scheduler backs off; a person asking (CLI, API) means now.
  if (options.trigger === "scheduler" && feed.nextAttemptAt && feed.nextAttemptAt > new Date()) {
    await releaseLease(feedUrl);
    return { status: "deferred", feedUrl, until: feed.nextAttemptAt };
  }
  // Read under the lease, so two servers due at the same moment take turns and the second sees the first's run.
  if (options.dueAfterMs !== undefined) {
    const recent = await db.ingestRun.findFirst({
      where: { feedId: feed.id, startedAt: { gt: new Date(started - options.dueAfterMs) } },
      orderBy: { startedAt: "desc" },
      select: { startedAt: true },
    });
    if (recent) {
      await releaseLease(feedUrl);
      return { status: "not-due", feedUrl, lastRunAt: recent.startedAt };
    }
  }
  // Holding the lease means no other run of this feed is alive: a "running" row is a crashed run.
  await db.ingestRun.updateMany({
    where: { feedId: feed.id, status: "running" },
    data: { status: "failed", finishedAt: new Date(), error: "Interrupted: the process running it stopped" },
  });
  const run = await db.ingestRun.create({ data: { feedId: feed.id, trigger: options.trigger, status: "running" } });

  try {
    const fetched = await readSource(source, fileRead ?? load(source, feed), options.onProgress);
    if (fetched.status === "not-modified") {
      const finishedAt = new Date();
      await db.$transaction([
        db.ingestRun.update({ where: { id: run.id }, data: { status: "not-modified", finishedAt } }),
        db.feed.update({
          where: { id: feed.id },
          data: {
            lastFetchedAt: finishedAt,
            lastOutcome: "not-modified",
            lastError: null,
            consecutiveFailures: 0,
            nextAttemptAt: null,
          },
        }),
      ]);
      return { status: "not-modified", feedUrl, runId: run.id, durationMs: Date.now() - started };
    }
    const { items, duplicates, baseUrl } = fetched;
    const counts = await writeFeedBriefs(
      feed.id,
      items,
      (positions) =>
        prepareWhenNeeded(
          positions.map((position) => items[position]),
          baseUrl,
        ),
      (done, total) => options.onProgress?.({ phase: "stored", done, total }),
      steps.withinStore,
    );
    if (counts.created || counts.updated) for (const step of steps.afterChange) await step();
    // Before the run is recorded as done, so a search right after an ingest meets a settled index.
    await settleAfterIngest(counts.created + counts.updated);

    const finishedAt = new Date();
    await db.$transaction([
      db.ingestRun.update({ where: { id: run.id }, data: { status: "ok", finishedAt, ...counts } }),
      db.feed.update({
        where: { id: feed.id },
        data: {
          title: fetched.title,
          lastFetchedAt: finishedAt,
          lastOutcome: "ok",
          lastError: null,
          consecutiveFailures: 0,
          nextAttemptAt: null,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
        },
      }),
    ]);
    return { status: "ok", feedUrl, runId: run.id, durationMs: Date.now() - started, duplicates, ...counts };
  } catch (error) {
    const message = errorMessage(error);
    const finishedAt = new Date();
    await db.$transaction([
      db.ingestRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt, error: message } }),
      db.feed.update({
        where: { id: feed.id },
        data: {
          lastFetchedAt: finishedAt,
          lastOutcome: "failed",
          lastError: message,
          consecutiveFailures: { increment: 1 },
          nextAttemptAt: nextAttemptAt(
            finishedAt,
            feed.consecutiveFailures + 1,
            error instanceof FeedFetchError ? error.retryAfterMs : null,
          ),
        },
      }),
    ]);
    return { status: "failed", feedUrl, runId: run.id, durationMs: Date.now() - started, error: message };
  } finally {
    await releaseLease(feedUrl);
  }
}
