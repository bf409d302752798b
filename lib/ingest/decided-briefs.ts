import "server-only";
import { SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";
import { DECIDED_STATES, type TriageState } from "@/lib/briefs/triage-states";
import type { StoredChanges } from "@/lib/feed/store";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { QueuedChange } from "@/lib/notify/outbox";

/** Who history lines and notifications name for a change an ingest made: no person made it. */
export const FEED_ACTOR = "feed";

/** Decisions a higher severity undoes: the team let the brief be because it looked minor. */
const REOPENED_BY_RAISE: readonly TriageState[] = ["dismissed", "watching"];

export function severityRoseLine(from: Severity, to: Severity): string {
  return `Severity rose from ${SEVERITY_LABELS[from].toLowerCase()} to ${SEVERITY_LABELS[to].toLowerCase()} in a feed update`;
}

/**
 * What a feed update does to the team's decision on the briefs it changed, inside the ingest's
 * transaction (so an ingest never half-applies): a dismissed or watched brief whose severity rose
 * goes back to in review, its version bumped (a page or API client holding the old one is refused)
 * and the reason in its history; any other decided brief is marked "updated since the decision"
 * until an analyst acknowledges it. Returns the state changes to notify of.
 */
export async function applyFeedUpdatesToDecisions(
  tx: Prisma.TransactionClient,
  run: StoredChanges,
): Promise<QueuedChange[]> {
  if (!run.updated.length) return [];
  const decided = await tx.briefTriage.findMany({
    where: { briefId: { in: [...run.updated] }, state: { in: [...DECIDED_STATES] } },
    select: { briefId: true, state: true, updatedSinceDecisionAt: true },
  });
  const raisedById = new Map(run.raised.map((brief) => [brief.id, brief]));
  const changes: QueuedChange[] = [];
  for (const row of decided) {
    const state = row.state as TriageState;
    const raise = raisedById.get(row.briefId);
    if (raise && REOPENED_BY_RAISE.includes(state)) {
      // Conditional on the state read above: an analyst's change racing this one (PostgreSQL) wins or waits, never mixes.
      const { count } = await tx.briefTriage.updateMany({
        where: { briefId: row.briefId, state },
        data: {
          state: "in_review",
          reason: null,
          comment: null,
          duplicateOf: null,
          changedAt: run.now,
          changedBy: FEED_ACTOR,
          updatedSinceDecisionAt: null,
          version: { increment: 1 },
        },
      });
      if (count === 0) continue;
      const line = severityRoseLine(raise.from, raise.to);
      const event = await tx.triageEvent.create({
        data: {
          briefId: row.briefId,
          at: run.now,
          actorId: null,
          actorEmail: FEED_ACTOR,
          kind: "state",
          fromState: state,
          toState: "in_review",
          comment: line,
        },
        select: { id: true },
      });
      changes.push({
        briefId: row.briefId,
        event: "state-changed",
        changeId: event.id,
        detail: { event: "state-changed", by: FEED_ACTOR, from: state, to: "in_review", reason: line, comment: null },
      });
      continue;
    }
    await tx.briefTriage.update({ where: { briefId: row.briefId }, data: { updatedSinceDecisionAt: run.now } });
    // One history line when the flag goes up, not one per later ingest while nobody has looked.
    if (!row.updatedSinceDecisionAt)
      await tx.triageEvent.create({
        data: { briefId: row.briefId, at: run.now, actorId: null, actorEmail: FEED_ACTOR, kind: "feed-update" },
      });
  }
  return changes;
}
