import "server-only";
import { db } from "@/lib/db";
import type { CallerActor } from "@/lib/auth/access";
import { roleAtLeast } from "@/lib/auth/roles";
import { currentQueries } from "@/lib/deployments/current-query";
import { queryHash } from "@/lib/deployments/query-hash";
import {
  DeploymentInputError,
  DeploymentRefusedError,
  isSiem,
  parseReference,
  type Siem,
} from "@/lib/deployments/validations";
import type { Prisma } from "@/lib/generated/prisma/client";
import { waitForWriteTurn, WRITE_TURN_TRANSACTION } from "@/lib/write-order";

/** Who marks a rule deployed: the signed-in analyst, or the holder of a triage token. */
export type DeploymentActor = CallerActor;

/** No such rule, or (for acknowledge) no deployment of it on that SIEM. */
export class DeploymentNotFoundError extends Error {}

function allowed(actor: DeploymentActor): void {
  if (!roleAtLeast(actor.role, "analyst"))
    throw new DeploymentRefusedError("Marking rules deployed needs the analyst role.");
}

function siemOf(value: string): Siem {
  if (!isSiem(value)) throw new DeploymentNotFoundError(`There is no SIEM called ${value}.`);
  return value;
}

/** The query the panel shows for this rule on this SIEM now, read inside the write's transaction. */
async function queryNow(tx: Prisma.TransactionClient, detectionId: string, siem: Siem): Promise<string | null> {
  const detection = await tx.detection.findUnique({
    where: { id: detectionId },
    select: { ruleText: true, ruleFormat: true },
  });
  if (!detection) throw new DeploymentNotFoundError(`There is no rule ${detectionId}.`);
  const ruleFormat = detection.ruleFormat === "elastic-toml" ? "elastic-toml" : "sigma";
  return currentQueries({ ruleText: detection.ruleText, ruleFormat }).get(siem) ?? null;
}

/**
 * Marks a rule deployed to a SIEM, with an optional reference, by the actor, now; marking it again
 * replaces the reference and takes the current query as the one deployed. Recorded in the history.
 */
export async function deployRule(
  actor: DeploymentActor,
  detectionId: string,
  siemName: string,
  input: { reference?: unknown } = {},
): Promise<void> {
  allowed(actor);
  const siem = siemOf(siemName);
  const reference = parseReference(input.reference);
  await db.$transaction(async (tx) => {
    await waitForWriteTurn(tx);
    const query = await queryNow(tx, detectionId, siem);
    const hash = queryHash(query);
    const row = {
      reference,
      deployedById: actor.id,
      deployedBy: actor.email,
      deployedAt: new Date(),
      query,
      queryHash: hash,
    };
    await tx.ruleDeployment.upsert({
      where: { detectionId_siem: { detectionId, siem } },
      create: { detectionId, siem, ...row },
      update: row,
    });
    await tx.ruleDeploymentEvent.create({
      data: {
        detectionId,
        siem,
        action: "deploy",
        reference,
        actorId: actor.id,
        actorEmail: actor.email,
        queryHash: hash,
      },
    });
  }, WRITE_TURN_TRANSACTION);
}

/** Marks a rule no longer deployed to a SIEM; false (and nothing recorded) when it was not. */
export async function undeployRule(actor: DeploymentActor, detectionId: string, siemName: string): Promise<boolean> {
  allowed(actor);
  const siem = siemOf(siemName);
  return db.$transaction(async (tx) => {
    await waitForWriteTurn(tx);
    if (!(await tx.detection.findUnique({ where: { id: detectionId }, select: { id: true } })))
      throw new DeploymentNotFoundError(`There is no rule ${detectionId}.`);
    const removed = await tx.ruleDeployment.deleteMany({ where: { detectionId, siem } });
    if (!removed.count) return false;
    await tx.ruleDeploymentEvent.create({
      data: { detectionId, siem, action: "undeploy", actorId: actor.id, actorEmail: actor.email },
    });
    return true;
  }, WRITE_TURN_TRANSACTION);
}

/**
 * An analyst has seen what the library changed in a deployed query (and updated the SIEM, or chose
 * not to): the current query becomes the one compared against, and "changed since deployed" clears.
 */
export async function acknowledgeRuleChange(
  actor: DeploymentActor,
  detectionId: string,
  siemName: string,
): Promise<void> {
  allowed(actor);
  const siem = siemOf(siemName);
  await db.$transaction(async (tx) => {
    await waitForWriteTurn(tx);
    const query = await queryNow(tx, detectionId, siem);
    const hash = queryHash(query);
    const updated = await tx.ruleDeployment.updateMany({
      where: { detectionId, siem },
      data: { query, queryHash: hash },
    });
    if (!updated.count) throw new DeploymentInputError("siem", `The rule is not marked deployed to ${siem}.`);
    await tx.ruleDeploymentEvent.create({
      data: { detectionId, siem, action: "acknowledge", actorId: actor.id, actorEmail: actor.email, queryHash: hash },
    });
  }, WRITE_TURN_TRANSACTION);
}
