import "server-only";
import { readEnv } from "@/lib/env";
import { ingestFeed, type IngestResult, type IngestTrigger } from "@/lib/feed/ingest";

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
    const line = JSON.stringify({ event: `ingest.${result.status}`, trigger, ...result });
    if (result.status === "failed") console.error(line);
    else console.log(line);
    results.push(result);
  }
  return results;
}
