import "server-only";
import { databaseIsReachable, listFeedStatus } from "@/lib/ingest-runs/queries";

export type HealthReport = { httpStatus: 200 | 503; body: Record<string, unknown> };

/** What /api/health answers: 200 with the last run of each feed, or 503 when the database does not answer. */
export async function healthReport(): Promise<HealthReport> {
  if (!(await databaseIsReachable()))
    return { httpStatus: 503, body: { status: "unavailable", database: "unreachable" } };
  const feeds = await listFeedStatus(1);
  return {
    httpStatus: 200,
    body: {
      status: "ok",
      database: "ok",
      feeds: feeds.map((feed) => ({
        url: feed.url,
        lastOutcome: feed.lastOutcome,
        lastFetchedAt: feed.lastFetchedAt,
        consecutiveFailures: feed.consecutiveFailures,
        nextAttemptAt: feed.nextAttemptAt,
        lastRun: feed.runs[0] ?? null,
      })),
    },
  };
}
