import "server-only";
import { randomUUID } from "node:crypto";
import { audit } from "@/lib/auth/audit";
import { roleAtLeast } from "@/lib/auth/roles";
import { byProvider, db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { sqliteDate } from "@/lib/sqlite-date";
import { TriageRefusedError, type TriageActor } from "@/lib/triage/store";

/**
 * Briefs per transaction: large enough that 50,000 briefs take a hundred short transactions, small
 * enough that an analyst's change waits a moment at most (SQLite has one writer at a time).
 */
export const MARK_REVIEWED_BATCH = 500;

/** The comment each marked brief's history line carries, naming the date. */
export function markReviewedComment(before: Date): string {
  return `Reviewed when the team adopted the dashboard: published before ${before.toISOString().slice(0, 10)}.`;
}

export type MarkReviewedResult = { marked: number; before: Date };

/** How a timestamp is bound in raw SQL: the text Prisma writes on SQLite, a timestamp on PostgreSQL. */
const sqlDate = (date: Date): Date | string =>
  byProvider<(value: Date) => Date | string>({
    sqlite: sqliteDate,
    postgresql: (value) => value,
  })(date);

/** One batch, in one transaction: only briefs still new are changed, and exactly those get a history line. */
async function markBatch(briefIds: string[], before: Date, actor: TriageActor, now: Date): Promise<number> {
  const comment = markReviewedComment(before);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "BriefTriage" ("briefId") VALUES ${Prisma.join(
      briefIds.map((id) => Prisma.sql`(${id})`),
    )} ON CONFLICT ("briefId") DO NOTHING`;
    // "state = new" in the update itself: a brief an analyst took meanwhile is left alone, and RETURNING
    // says which were changed, so the history has a line for exactly those.
    const changed = await tx.$queryRaw<{ briefId: string }[]>`
      UPDATE "BriefTriage" SET "state" = 'dismissed', "reason" = 'other', "comment" = ${comment},
        "duplicateOf" = NULL, "changedAt" = ${sqlDate(now)}, "changedBy" = ${actor.email},
        "firstDecidedAt" = COALESCE("firstDecidedAt", ${sqlDate(now)}), "version" = "version" + 1
      WHERE "state" = 'new' AND "briefId" IN (${Prisma.join(briefIds)})
      RETURNING "briefId"`;
    // One statement for the batch's history lines: row by row, the lines would take most of the time.
    if (changed.length)
      await tx.$executeRaw`INSERT INTO "TriageEvent"
        ("id", "briefId", "at", "actorId", "actorEmail", "kind", "fromState", "toState", "reason", "comment")
        VALUES ${Prisma.join(
          changed.map(
            ({ briefId }) =>
              Prisma.sql`(${randomUUID()}, ${briefId}, ${sqlDate(now)}, ${actor.id}, ${actor.email}, 'state', 'new', 'dismissed', 'other', ${comment})`,
          ),
        )}`;
    return changed.length;
  });
}

/**
 * Adopting the dashboard on an existing feed: every brief published before `before` that nobody has
 * decided on yet (still new) is dismissed as "other" with a comment saying why, one history line
 * each under the admin's name, and one audit event with the count. Decided or in-review briefs are
 * left as they are, so running it again changes nothing. Works in batches, reporting progress.
 */
export async function markReviewedBefore(
  before: Date,
  actor: TriageActor,
  options: { onProgress?: (marked: number) => void; address?: string | null; userAgent?: string | null } = {},
): Promise<MarkReviewedResult> {
  if (!roleAtLeast(actor.role, "admin")) throw new TriageRefusedError("Only admins mark the backlog reviewed.");
  const now = new Date();
  let marked = 0;
  let after = "";
  for (;;) {
    // By id, past the last batch: each batch is looked at once, whatever happens to it meanwhile.
    const batch = await db.brief.findMany({
      where: {
        id: { gt: after },
        publishedAt: { lt: before },
        OR: [{ triage: null }, { triage: { state: "new" } }],
      },
      select: { id: true },
      orderBy: { id: "asc" },
      take: MARK_REVIEWED_BATCH,
    });
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    marked += await markBatch(
      batch.map((brief) => brief.id),
      before,
      actor,
      now,
    );
    options.onProgress?.(marked);
  }
  await audit({
    action: "triage.marked-reviewed",
    outcome: "success",
    actorId: actor.id,
    actorEmail: actor.email,
    address: options.address,
    userAgent: options.userAgent,
    detail: { before: before.toISOString(), marked },
  });
  return { marked, before };
}

/** How many briefs published before `before` are still new: what marking them reviewed would change. */
export async function countNewBriefsBefore(before: Date): Promise<number> {
  return db.brief.count({
    where: { publishedAt: { lt: before }, OR: [{ triage: null }, { triage: { state: "new" } }] },
  });
}

/** A day (YYYY-MM-DD) as the start of that day in UTC; null when it is not one. */
export function parseDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const day = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value ? null : day;
}
