import { connection } from "next/server";
import { databaseIsReachable, listFeedStatus } from "@/lib/ingest-runs/queries";

/** GET /api/health — 200 when the database answers, with the last run of each feed; 503 when it does not. */
export async function GET(): Promise<Response> {
  await connection();
  if (!(await databaseIsReachable())) return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503 });
  const feeds = await listFeedStatus(1);
  return Response.json({
    status: "ok",
    database: "ok",
    feeds: feeds.map((feed) => ({
      url: feed.url,
      lastOutcome: feed.lastOutcome,
      lastFetchedAt: feed.lastFetchedAt,
      consecutiveFailures: feed.consecutiveFailures,
      lastRun: feed.runs[0] ?? null,
    })),
  });
}
