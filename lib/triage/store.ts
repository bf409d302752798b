import "server-only";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import type { CallerActor } from "@/lib/auth/access";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { readTriage, type TriageView } from "@/lib/triage/queries";
import { isDecided, type TriageState } from "@/lib/briefs/triage-states";
import { queueChangeNotifications, type QueuedChange } from "@/lib/notify/outbox";
import { TriageInputError, type TriageChangeRequest } from "@/lib/triage/validations";

/** Who makes a change: a signed-in user or a token's owner. */
export type TriageActor = CallerActor;

export class TriageNotFoundError extends Error {}

/** The caller's role does not reach: triage is the analysts' (and admins') work. */
export class TriageRefusedError extends Error {}

/**
 * The change was made from a stale page or ETag: someone changed the brief since. Carries the
 * current decision, so the caller is told who and when instead of overwriting it.
 */
export class TriageConflictError extends Error {
  constructor(readonly current: TriageView) {
    super(
      `Changed by ${current.changedBy ?? "someone"} at ${current.changedAt?.toISOString() ?? "an unknown time"} since you loaded it.`,
    );
  }
}

/** The decision as it will be after a change, resolved against the brief's current one. */
export type ResolvedTriageChange = {
  state: TriageState;
  reason: string | null;
  comment: string | null;
  duplicateOf: string | null;
  assigneeId: string | null;
  assigneeEmail: string | null;
};

/** The decision as it will be after the change: dismissal's reason rules checked, the assignee found. */
export async function resolveTriageChange(
  current: TriageView,
  change: TriageChangeRequest,
  briefSlug: string,
): Promise<ResolvedTriageChange> {
  const state = change.state ?? current.state;
  const dismissed = state === "dismissed";
  const stateChanged = change.state !== undefined && change.state !== current.state;
  // Reasons belong to a dismissal: leaving it clears them, a new state starts without the old comment.
  const reason = dismissed
    ? change.reason !== undefined
      ? change.reason
      : stateChanged
        ? null
        : current.reason
    : null;
  const comment = change.comment !== undefined ? change.comment : stateChanged ? null : current.comment;
  let duplicateOf = dismissed && reason === "duplicate" ? (change.duplicateOf ?? current.duplicateOf) : null;
  if (!dismissed && change.reason) throw new TriageInputError("reason", "A reason is given only when dismissing.");
  if (dismissed && !reason) throw new TriageInputError("reason", "Dismissing needs a reason.");
  if (reason === "other" && !comment) throw new TriageInputError("comment", 'A dismissal for "other" needs a comment.');
  if (reason === "duplicate") {
    if (!duplicateOf) throw new TriageInputError("duplicateOf", "A duplicate names the other brief (its slug).");
    duplicateOf = duplicateOf.replace(/^.*\/briefs\//, "").replace(/[?#].*$/, "");
    if (duplicateOf === briefSlug) throw new TriageInputError("duplicateOf", "A brief is not a duplicate of itself.");
    const other = await db.brief.findUnique({ where: { slug: duplicateOf }, select: { id: true } });
    if (!other) throw new TriageInputError("duplicateOf", `No brief "${duplicateOf}".`);
  }
  let assigneeId = current.assignee?.id ?? null;
  let assigneeEmail = current.assignee?.email ?? null;
  if (change.assignee !== undefined) {
    if (change.assignee === null) {
      assigneeId = null;
      assigneeEmail = null;
    } else {
      const user = await db.user.findUnique({
        where: { email: change.assignee },
        select: { id: true, email: true, role: true, disabledAt: true },
      });
      if (!user || user.disabledAt || !roleAtLeast(user.role as Role, "analyst"))
        throw new TriageInputError("assignee", `${change.assignee} is not an analyst who can own a brief.`);
      assigneeId = user.id;
      assigneeEmail = user.email;
    }
  }
  return { state, reason, comment, duplicateOf, assigneeId, assigneeEmail };
}

/**
 * Changes a brief's decision and owner, recording each change in its history. `basedOn` is the
 * version the caller saw: the write happens only if the brief is still at it (one conditional
 * statement, so two analysts racing cannot both win), else TriageConflictError says who changed it.
 */
export async function changeTriage(
  slug: string,
  change: TriageChangeRequest,
  basedOn: number,
  actor: TriageActor,
): Promise<TriageView> {
  if (!roleAtLeast(actor.role, "analyst"))
    throw new TriageRefusedError("Only analysts and admins change a brief's triage.");
  const current = await readTriage(slug);
  if (!current) throw new TriageNotFoundError(`No brief "${slug}".`);
  if (current.version !== basedOn) throw new TriageConflictError(current);
  const next = await resolveTriageChange(current, change, slug);
  const written = await db.$transaction((tx) => writeTriageChange(tx, current, next, actor, new Date()));
  const after = await readTriage(slug);
  if (!after) throw new TriageNotFoundError(`No brief "${slug}".`);
  if (!written) throw new TriageConflictError(after);
  return after;
}

/**
 * The compare-and-set of one change inside the caller's transaction, with its history lines; false
 * when the brief is no longer at `current.version` (nothing written). Bulk changes call it per brief.
 */
export async function writeTriageChange(
  tx: Prisma.TransactionClient,
  current: TriageView,
  next: ResolvedTriageChange,
  actor: TriageActor,
  now: Date,
): Promise<boolean> {
  const firstDecidedAt = current.firstDecidedAt ?? (isDecided(next.state) ? now : null);
  const columns = {
    state: next.state,
    reason: next.reason,
    comment: next.comment,
    duplicateOf: next.duplicateOf,
    assigneeId: next.assigneeId,
    changedAt: now,
    changedBy: actor.email,
    firstDecidedAt,
  };
  const stateEvent =
    next.state !== current.state ||
    next.reason !== current.reason ||
    next.comment !== current.comment ||
    next.duplicateOf !== current.duplicateOf;
  const assignEvent = next.assigneeId !== (current.assignee?.id ?? null);
  // A new decision is made knowing the brief as it is now: the feed's earlier update is no longer news.
  const decisionColumns = stateEvent ? { ...columns, updatedSinceDecisionAt: null } : columns;
  // A brief nobody has acted on has no row: make it (version 0) so that the update below is the one
  // compare-and-set for every change, first or not. ON CONFLICT: a racing first change made it already.
  await tx.$executeRaw`INSERT INTO "BriefTriage" ("briefId") VALUES (${current.briefId}) ON CONFLICT ("briefId") DO NOTHING`;
  const { count } = await tx.briefTriage.updateMany({
    where: { briefId: current.briefId, version: current.version },
    data: { ...decisionColumns, version: { increment: 1 } },
  });
  if (count === 0) return false;
  const base = { briefId: current.briefId, at: now, actorId: actor.id, actorEmail: actor.email };
  const notify: QueuedChange[] = [];
  if (stateEvent) {
    const line = await tx.triageEvent.create({
      data: {
        ...base,
        kind: "state",
        fromState: current.state,
        toState: next.state,
        reason: next.reason === "duplicate" ? `duplicate of ${next.duplicateOf}` : next.reason,
        comment: next.comment,
      },
      select: { id: true, reason: true },
    });
    // A new reason or comment on the same state is history, not a state change to announce.
    if (next.state !== current.state)
      notify.push({
        briefId: current.briefId,
        event: "state-changed",
        changeId: line.id,
        detail: {
          event: "state-changed",
          by: actor.email,
          from: current.state,
          to: next.state,
          reason: line.reason,
          comment: next.comment,
        },
      });
  }
  if (assignEvent) {
    const line = await tx.triageEvent.create({
      data: {
        ...base,
        kind: "assign",
        fromAssignee: current.assignee?.email ?? null,
        toAssignee: next.assigneeEmail,
      },
      select: { id: true },
    });
    notify.push({
      briefId: current.briefId,
      event: "assigned",
      changeId: line.id,
      detail: { event: "assigned", by: actor.email, from: current.assignee?.email ?? null, to: next.assigneeEmail },
    });
  }
  // In the change's transaction: a notification for a change that rolled back is never sent, one that committed never lost.
  await queueChangeNotifications(tx, notify, now);
  return true;
}
