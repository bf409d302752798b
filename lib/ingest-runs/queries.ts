import "server-only";
import { db } from "@/lib/db";
import { errorMessage } from "@/lib/log/error-message";
import { logEvent } from "@/lib/log/log-event";

export type FeedStatusView = {
  url: string;
  title: string | null;
  lastFetchedAt: Date | null;
  lastOutcome: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextAttemptAt: Date | null;
  runs: {
    id: string;
    trigger: string;
    status: string;
    startedAt: Date;
    finishedAt: Date | null;
    seen: number;
    created: number;
    updated: number;
    unchanged: number;
    error: string | null;
  }[];
};

/** Every known feed with its most recent runs, newest first. */
export async function listFeedStatus(runsPerFeed = 10): Promise<FeedStatusView[]> {
  return db.feed.findMany({
    orderBy: { url: "asc" },
    select: {
      url: true,
      title: true,
      lastFetchedAt: true,
      lastOutcome: true,
      lastError: true,
      consecutiveFailures: true,
      nextAttemptAt: true,
      runs: {
        orderBy: { startedAt: "desc" },
        take: runsPerFeed,
        select: {
          id: true,
          trigger: true,
          status: true,
          startedAt: true,
          finishedAt: true,
          seen: true,
          created: true,
          updated: true,
          unchanged: true,
          error: true,
        },
      },
    },
  });
}

/** Answers whether the database can be read at all; used by the health check. */
export async function databaseIsReachable(): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch (error) {
    logEvent("health.database-unreachable", { error: errorMessage(error) }, "error");
    return false;
  }
}
