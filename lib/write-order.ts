import "server-only";
import { byProvider } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The one lock every transaction that writes briefs or rules takes first on PostgreSQL (an
 * arbitrary constant: any process of the dashboard, on any server, uses the same). Held until the
 * transaction ends.
 */
const WRITE_ORDER_LOCK_KEY = 7_215_300_014;

/** How long a writer waits for another's turn: as long as a SQLite writer waits for the write lock (lib/db.ts). */
const WAIT_FOR_TURN_MS = 120_000;

/**
 * Options for a transaction that takes the writers' turn: it may wait as long as the turn takes,
 * where Prisma's default (5 s) would expire it while another writer's long store holds the turn.
 */
export const WRITE_TURN_TRANSACTION = { timeout: WAIT_FOR_TURN_MS + 60_000, maxWait: 60_000 };

/**
 * Makes the transaction wait for every other writer's to end, so that writes happen one after the
 * other as they do on SQLite: a second ingest of the same briefs then reads what the first committed
 * (READ COMMITTED reads afresh at each statement) and stores each brief once. SQLite needs nothing
 * here, since it has a single writer by design.
 */
export const waitForWriteTurn = byProvider<(tx: Prisma.TransactionClient) => Promise<void>>({
  sqlite: async () => {},
  postgresql: async (tx) => {
    // The statement timeout would cut the wait at its default minute; it applies again after the wait.
    const [{ timeout }] = await tx.$queryRawUnsafe<{ timeout: string }[]>(
      `SELECT current_setting('statement_timeout') AS "timeout"`,
    );
    await tx.$queryRawUnsafe(`SELECT set_config('statement_timeout', $1, true)`, String(WAIT_FOR_TURN_MS));
    await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${WRITE_ORDER_LOCK_KEY})::text`);
    await tx.$queryRawUnsafe(`SELECT set_config('statement_timeout', $1, true)`, timeout);
  },
});
