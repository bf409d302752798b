import "server-only";
import { readEnv } from "@/lib/env";
import type { IngestResult, IngestTrigger } from "@/lib/feed/ingest";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { logEvent } from "@/lib/log/log-event";

/**
 * Ingests each configured feed (FEED_URLS) in turn and logs one structured line per run. With
 * `dueAfterMs`, only the feeds no run started within that time (see ingestFeed).
 */
export async function ingestConfiguredFeeds(
  trigger: IngestTrigger,
  urls: string[] = readEnv().FEED_URLS,
  options: { dueAfterMs?: number } = {},
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const url of urls) {
    const result = await ingestFeed({ kind: "url", url }, { trigger, dueAfterMs: options.dueAfterMs });
    logEvent(`ingest.${result.status}`, { trigger, ...result }, result.status === "failed" ? "error" : "info");
    results.push(result);
  }
  return results;
}
