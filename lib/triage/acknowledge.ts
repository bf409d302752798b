import "server-only";
import { roleAtLeast } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { readTriage, type TriageView } from "@/lib/triage/queries";
import { TriageConflictError, TriageNotFoundError, TriageRefusedError, type TriageActor } from "@/lib/triage/store";
import { TriageInputError } from "@/lib/triage/validations";

/**
 * An analyst has read what the feed changed on a decided brief: the "updated since the decision"
 * mark goes and the history says who saw it. Like every triage write it is made against the version
 * the caller saw, so acknowledging from a stale page is refused with who changed the brief since.
 */
export async function acknowledgeFeedUpdate(slug: string, basedOn: number, actor: TriageActor): Promise<TriageView> {
  if (!roleAtLeast(actor.role, "analyst"))
    throw new TriageRefusedError("Only analysts and admins acknowledge a feed update.");
  const current = await readTriage(slug);
  if (!current) throw new TriageNotFoundError(`No brief "${slug}".`);
  if (current.version !== basedOn) throw new TriageConflictError(current);
  if (!current.updatedSinceDecisionAt)
    throw new TriageInputError("acknowledge", "The feed has not updated this brief since the decision.");
  const now = new Date();
  const written = await db.$transaction(async (tx) => {
    const { count } = await tx.briefTriage.updateMany({
      where: { briefId: current.briefId, version: current.version, updatedSinceDecisionAt: { not: null } },
      data: { updatedSinceDecisionAt: null, changedAt: now, changedBy: actor.email, version: { increment: 1 } },
    });
    if (count === 0) return false;
    await tx.triageEvent.create({
      data: { briefId: current.briefId, at: now, actorId: actor.id, actorEmail: actor.email, kind: "acknowledge" },
    });
    return true;
  });
  const after = await readTriage(slug);
  if (!after) throw new TriageNotFoundError(`No brief "${slug}".`);
  if (!written) throw new TriageConflictError(after);
  return after;
}
