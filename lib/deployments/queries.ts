import "server-only";
import { db } from "@/lib/db";
import { currentQueries } from "@/lib/deployments/current-query";
import { lineDiff, type DiffLine } from "@/lib/deployments/line-diff";
import { queryHash } from "@/lib/deployments/query-hash";
import { isSiem, SIEMS, type Siem } from "@/lib/deployments/validations";
import type { RuleSiems } from "@/lib/deployments/summary";
import { listDetectionsForBrief, type DetectionView } from "@/lib/detections/queries";

export type DeploymentView = {
  siem: Siem;
  reference: string | null;
  deployedBy: string;
  deployedAt: Date;
  /**
   * Set when the library has changed this SIEM's query since it was deployed (or last acknowledged):
   * the deployed query against today's, line by line.
   */
  changedSinceDeployed: { diff: DiffLine[] } | null;
};

/** Each SIEM's deployment of one rule (null where it is not deployed), in the order of the panel's tabs. */
export type RuleDeployments = Record<Siem, DeploymentView | null>;

type DeploymentRow = {
  siem: string;
  reference: string | null;
  deployedBy: string;
  deployedAt: Date;
  query: string | null;
  queryHash: string;
};

function view(row: DeploymentRow & { siem: Siem }, now: string | null): DeploymentView {
  return {
    siem: row.siem,
    reference: row.reference,
    deployedBy: row.deployedBy,
    deployedAt: row.deployedAt,
    // Only the query counts: a library change to the rule's dates or metadata leaves it as it was.
    changedSinceDeployed: queryHash(now) === row.queryHash ? null : { diff: lineDiff(row.query ?? "", now ?? "") },
  };
}

function empty(): RuleDeployments {
  return Object.fromEntries(SIEMS.map((siem) => [siem, null])) as RuleDeployments;
}

/**
 * Where a rule is deployed, and whether the library changed a deployed query since. `queries` is what
 * the panel shows for each SIEM now (it converted the rule already); without it the rule is converted here.
 */
export async function deploymentsForRule(
  detection: Pick<DetectionView, "id" | "ruleText" | "ruleFormat">,
  given?: Map<Siem, string | null>,
): Promise<RuleDeployments> {
  const rows = await db.ruleDeployment.findMany({ where: { detectionId: detection.id } });
  const result = empty();
  // Converting a rule costs milliseconds of CPU: only a deployed rule needs today's queries.
  if (rows.length === 0) return result;
  const queries = given ?? currentQueries(detection);
  for (const row of rows)
    if (isSiem(row.siem)) result[row.siem] = view({ ...row, siem: row.siem }, queries.get(row.siem) ?? null);
  return result;
}

export type DeployedRule = {
  id: string;
  title: string;
  /** The SIEMs it is deployed to, in tab order, each with whether its query changed since. */
  deployments: DeploymentView[];
};

/**
 * A brief's rules and where each runs: for "adopted · 1 of 2 rules deployed (Sentinel)" and the
 * brief API's deployedRules. Every linked rule is listed, deployed or not (`deployments` empty).
 */
export async function deployedRulesForBrief(briefId: string): Promise<DeployedRule[]> {
  const rules = await listDetectionsForBrief(briefId);
  return Promise.all(
    rules.map(async (rule) => {
      const deployments = await deploymentsForRule(rule);
      return {
        id: rule.id,
        title: rule.title,
        deployments: SIEMS.flatMap((siem) => (deployments[siem] ? [deployments[siem]] : [])),
      };
    }),
  );
}

export type DeploymentEventView = {
  siem: string;
  action: "deploy" | "undeploy" | "acknowledge";
  reference: string | null;
  actorEmail: string;
  at: Date;
};

/** A rule's deploy, undeploy and acknowledge events, oldest first. */
export async function deploymentHistory(detectionId: string): Promise<DeploymentEventView[]> {
  const rows = await db.ruleDeploymentEvent.findMany({
    where: { detectionId },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    siem: row.siem,
    action: row.action as DeploymentEventView["action"],
    reference: row.reference,
    actorEmail: row.actorEmail,
    at: row.at,
  }));
}

/** How many rules are marked deployed (to one SIEM, or to any): none means coverage of=deployed is empty. */
export async function countDeployedRules(siem: Siem | null = null): Promise<number> {
  const rows = await db.ruleDeployment.findMany({
    where: siem ? { siem } : {},
    distinct: ["detectionId"],
    select: { detectionId: true },
  });
  return rows.length;
}

/**
 * A brief's rules and the SIEMs each runs in, from the tables alone (no conversion): enough for the
 * team panel's "1 of 2 rules deployed (Sentinel)", which every brief page shows.
 */
export async function ruleSiemsOfBrief(briefId: string): Promise<RuleSiems[]> {
  const links = await db.briefDetection.findMany({
    where: { briefId },
    select: { detectionId: true, detection: { select: { deployments: { select: { siem: true } } } } },
    orderBy: { detectionId: "asc" },
  });
  return links.map((link) => ({
    detectionId: link.detectionId,
    siems: link.detection.deployments.map((deployment) => deployment.siem),
  }));
}
