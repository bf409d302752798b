import "server-only";
import { byProvider, db } from "@/lib/db";

/**
 * What the database needs after an ingest has committed new or changed briefs, so that the next
 * search is planned and run as well as one a day later.
 *
 * PostgreSQL: the search index ("BriefSearch_document_idx", GIN) takes new documents into a pending
 * list (fastupdate) that every search reads in full until a vacuum or 4 MB of further inserts merge
 * it. The planner counts those pages against the index: after 50,000 briefs were seeded the list
 * held 444 pages, the index scan was costed at 2,011 against 1,629 for reading the table, and every
 * search read and decompressed all 50,000 documents instead (150,000 buffers, 0.3–0.9 s, where the
 * index answers in 7 buffers and ~10 ms). Small ingests creep towards the same point between two
 * vacuums. So the list is merged after every ingest that wrote a brief, which costs what merging it
 * later would (0.16 s for those 444 pages). Turning fastupdate off was measured too: inserts became
 * five times slower (5.9 s against 1.1 s for 5,000 documents).
 *
 * A large ingest (as many changed rows as would make autovacuum analyze: 50 plus a tenth of the
 * briefs) is also vacuumed and analyzed at once, as autovacuum would do a minute or more later:
 * until then the planner works from statistics of a much smaller table, and index-only scans (the
 * per-severity counts) visit the table for every row the visibility map does not yet cover.
 *
 * SQLite needs nothing: FTS5 merges its segments as it writes, and the list names its indexes.
 */

/** PostgreSQL's own defaults for when autovacuum analyzes a table: 50 rows plus a tenth of it. */
const ANALYZE_THRESHOLD_ROWS = 50;
const ANALYZE_SCALE = 0.1;

export type UpkeepResult = { pendingPagesMerged: number; vacuumed: boolean };

/** Whether this many written briefs call for fresh statistics, as autovacuum's own rule would. */
export function isLargeWrite(writtenBriefs: number, briefsBefore: number): boolean {
  return writtenBriefs >= ANALYZE_THRESHOLD_ROWS + ANALYZE_SCALE * Math.max(0, briefsBefore);
}

async function postgresqlUpkeep(writtenBriefs: number): Promise<UpkeepResult> {
  // reltuples is the brief count as of the last VACUUM or ANALYZE (-1: never), which is what the
  // planner knows: compared with what this ingest wrote, it says how stale that knowledge is.
  const [size] = await db.$queryRaw<{ reltuples: number }[]>`
    SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = '"Brief"'::regclass`;
  if (isLargeWrite(writtenBriefs, size?.reltuples ?? -1)) {
    // VACUUM merges the pending list itself; it cannot run inside a transaction, and Prisma sends it alone.
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) "Brief", "BriefSearch", "BriefTag"`);
    return { pendingPagesMerged: 0, vacuumed: true };
  }
  const [merged] = await db.$queryRaw<{ pages: bigint }[]>`
    SELECT gin_clean_pending_list('"BriefSearch_document_idx"'::regclass) AS pages`;
  return { pendingPagesMerged: Number(merged?.pages ?? 0), vacuumed: false };
}

const upkeep = byProvider<(writtenBriefs: number) => Promise<UpkeepResult>>({
  sqlite: async () => ({ pendingPagesMerged: 0, vacuumed: false }),
  postgresql: postgresqlUpkeep,
});

/**
 * Brings the search index and the planner's statistics up to date after `writtenBriefs` briefs were
 * created or changed (committed). The briefs are stored whatever happens here: a failure (a role that
 * does not own the tables, say) is logged, and searches stay correct, only slower until autovacuum
 * catches up.
 */
export async function settleAfterIngest(writtenBriefs: number): Promise<UpkeepResult | null> {
  if (writtenBriefs <= 0) return null;
  const started = performance.now();
  try {
    const result = await upkeep(writtenBriefs);
    if (result.vacuumed) {
      console.log(
        JSON.stringify({
          event: "briefs.index-upkeep",
          writtenBriefs,
          vacuumed: true,
          durationMs: Math.round(performance.now() - started),
        }),
      );
    }
    return result;
  } catch (error) {
    console.error(
      JSON.stringify({
        event: "briefs.index-upkeep-failed",
        writtenBriefs,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return null;
  }
}
