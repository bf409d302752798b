import { SIEMS, siemLabel, type Siem } from "@/lib/deployments/validations";

/** One of a brief's rules and the SIEMs it runs in (none: linked but not deployed). */
export type RuleSiems = { detectionId: string; siems: readonly string[] };

export type DeploymentSummary = {
  rules: number;
  deployed: number;
  /** Every SIEM at least one of the brief's rules runs in, in tab order. */
  siems: Siem[];
};

/** How many of a brief's rules the team runs, and where: the numbers behind "1 of 2 rules deployed (Sentinel)". */
export function summarizeDeployments(rules: readonly RuleSiems[]): DeploymentSummary {
  const used = new Set(rules.flatMap((rule) => rule.siems));
  return {
    rules: rules.length,
    deployed: rules.filter((rule) => rule.siems.length > 0).length,
    siems: SIEMS.filter((siem) => used.has(siem)),
  };
}

/** "1 of 2 rules deployed (Sentinel)", "0 of 1 rule deployed", or null for a brief with no linked rule. */
export function deploymentSummaryText(summary: DeploymentSummary): string | null {
  if (summary.rules === 0) return null;
  const noun = summary.rules === 1 ? "rule" : "rules";
  const where = summary.siems.length ? ` (${summary.siems.map(siemLabel).join(", ")})` : "";
  return `${summary.deployed} of ${summary.rules} ${noun} deployed${where}`;
}
