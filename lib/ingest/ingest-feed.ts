import "server-only";
import { runFeedIngest, type FeedSource, type IngestOptions, type IngestResult } from "@/lib/feed/ingest";
import { writeFeedBriefs, type PrepareBriefs, type StoreCounts, type StoreProgress } from "@/lib/feed/store";
import type { ItemIdentity } from "@/lib/feed/normalise";
import { INGEST_STEPS } from "@/lib/ingest/steps";

/**
 * The one ingest pipeline that the CLI, the scheduler and the API call: a feed's run
 * (lib/feed/ingest.ts) with what the features built on feeds add to it (lib/ingest/steps.ts).
 */
export function ingestFeed(source: FeedSource, options: IngestOptions): Promise<IngestResult> {
  return runFeedIngest(source, options, INGEST_STEPS);
}

/** Stores one feed's prepared items with the same steps inside the transaction as an ingest. */
export function storeBriefs(
  feedId: string,
  items: readonly ItemIdentity[],
  prepare: PrepareBriefs,
  onProgress?: StoreProgress,
): Promise<StoreCounts> {
  return writeFeedBriefs(feedId, items, prepare, onProgress, INGEST_STEPS.withinStore);
}
