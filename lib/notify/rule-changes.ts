import "server-only";
import { currentQueries } from "@/lib/deployments/current-query";
import { queryHash } from "@/lib/deployments/query-hash";
import { BACKENDS } from "@/lib/detections/backends";
import type { RewrittenRule } from "@/lib/detections/store";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ChangeDetail } from "@/lib/notify/messages";
import type { QueuedChange } from "@/lib/notify/outbox";
import { sqliteDate } from "@/lib/sqlite-date";

/**
 * Who a rule-changed notification names: not a person, but what wrote the rule: a library's sync, or
 * `rules:import` and the bundled rules at start-up.
 */
export type RuleChangeActor = "rule-sync" | "rule-import";

type RuleText = { ruleText: string; ruleFormat: string };

function queriesOf(rule: RuleText): Map<string, string | null> {
  return currentQueries({
    ruleText: rule.ruleText,
    ruleFormat: rule.ruleFormat === "elastic-toml" ? "elastic-toml" : "sigma",
  });
}

/**
 * The rule-changed-since-deployed changes a library save made: for each deployment of a rewritten
 * rule whose SIEM query this save changed (as "changed since deployed" compares it: the converted
 * query, not the rule's dates or metadata) and that now differs from the deployed one, one change
 * per brief the rule is linked to (a target's filter is a filter of briefs). Read inside the save's
 * transaction, so the rule text before and after are the save's own.
 */
export async function ruleChangesToNotify(
  tx: Prisma.TransactionClient,
  rewritten: readonly RewrittenRule[],
  now: Date,
  by: RuleChangeActor,
): Promise<QueuedChange[]> {
  if (!rewritten.length) return [];
  const deployments = await tx.ruleDeployment.findMany({
    where: { detectionId: { in: rewritten.map((rule) => rule.id) } },
    select: { detectionId: true, siem: true, queryHash: true },
  });
  if (!deployments.length) return [];
  const deployedIds = [...new Set(deployments.map((row) => row.detectionId))];
  const rules = new Map(
    (
      await tx.detection.findMany({
        where: { id: { in: deployedIds } },
        select: { id: true, title: true, ruleText: true, ruleFormat: true },
      })
    ).map((rule) => [rule.id, rule]),
  );
  const briefsOf = new Map<string, string[]>();
  for (const link of await tx.briefDetection.findMany({
    where: { detectionId: { in: deployedIds } },
    select: { briefId: true, detectionId: true },
  }))
    briefsOf.set(link.detectionId, [...(briefsOf.get(link.detectionId) ?? []), link.briefId]);
  const beforeOf = new Map(rewritten.map((rule) => [rule.id, rule.before]));

  const changes: QueuedChange[] = [];
  const converted = new Map<string, [Map<string, string | null>, Map<string, string | null>]>();
  for (const deployment of deployments) {
    const rule = rules.get(deployment.detectionId);
    const before = beforeOf.get(deployment.detectionId);
    if (!rule || !before) continue;
    if (!converted.has(rule.id)) converted.set(rule.id, [queriesOf(before), queriesOf(rule)]);
    const [queriesBefore, queriesAfter] = converted.get(rule.id)!;
    const hashAfter = queryHash(queriesAfter.get(deployment.siem) ?? null);
    if (hashAfter === queryHash(queriesBefore.get(deployment.siem) ?? null) || hashAfter === deployment.queryHash)
      continue;
    const detail: ChangeDetail = {
      event: "rule-changed-since-deployed",
      by,
      rule: { id: rule.id, title: rule.title },
      siem: deployment.siem,
      siemLabel: BACKENDS.find((backend) => backend.backend === deployment.siem)?.label ?? deployment.siem,
    };
    for (const briefId of briefsOf.get(rule.id) ?? [])
      changes.push({
        briefId,
        event: "rule-changed-since-deployed",
        changeId: `${rule.id}:${deployment.siem}:${sqliteDate(now)}`,
        detail,
      });
  }
  return changes;
}
