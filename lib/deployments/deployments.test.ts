import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { databaseProvider } from "@/lib/env";
import {
  deploymentHistory,
  deploymentsForRule,
  deployedRulesForBrief,
  ruleSiemsOfBrief,
} from "@/lib/deployments/queries";
import { deploymentSummaryText, summarizeDeployments } from "@/lib/deployments/summary";
import { acknowledgeRuleChange, deployRule, DeploymentNotFoundError, undeployRule } from "@/lib/deployments/store";
import { DeploymentInputError, DeploymentRefusedError } from "@/lib/deployments/validations";
import { parseSigmaFile } from "@/lib/detections/importers/sigma-file";
import { saveLibrary } from "@/lib/detections/store";
import { getDetection } from "@/lib/detections/queries";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";

const RULE_ID = "10436fe7-97c4-45e9-98a8-fd7e0d53fe7b";
const OTHER_RULE_ID = "20436fe7-97c4-45e9-98a8-fd7e0d53fe7c";
const analyst = { id: "user-analyst", email: "ana@example.test", role: "analyst" as const };
const viewer = { id: "user-viewer", email: "vic@example.test", role: "viewer" as const };

/** The rule as its library publishes it; a sync later changes its dates, then its query. */
function ruleFile(options: { modified?: string; clients?: string[] } = {}): string {
  return `title: Successful Entra ID Sign-in Over a Legacy Mail Protocol
id: ${RULE_ID}
status: test
description: A user signed in with IMAP or POP.
author: Fixture Author
date: 2026-11-01
${options.modified ? `modified: ${options.modified}\n` : ""}tags:
  - attack.initial-access
  - attack.t1078.004
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 0
    ClientAppUsed:
${(options.clients ?? ["IMAP4", "POP3"]).map((client) => `      - ${client}`).join("\n")}
  condition: selection
level: medium
`;
}

/** Syncs the rule library through the store a real sync writes with. */
async function syncLibrary(...texts: string[]) {
  const records = texts.flatMap((text, index) => {
    const parsed = parseSigmaFile(text, "sigma-import");
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.records.map((record) => ({ ...record, originPath: `rules/cloud/azure/legacy-${index}.yml` }));
  });
  return saveLibrary("sigmahq", records, []);
}

const rule = async () => {
  const detection = await getDetection(RULE_ID);
  if (!detection) throw new Error("the rule is not stored");
  return detection;
};

beforeAll(async () => {
  expect((await syncLibrary(ruleFile())).created).toBe(1);
});

describe("deployments", () => {
  it("marks a rule deployed to a SIEM with who, when and a reference, and undeploys it", async () => {
    await deployRule(analyst, RULE_ID, "sentinel", { reference: "  5f1c-rule-42 " });
    const deployments = await deploymentsForRule(await rule());
    expect(deployments.sentinel).toMatchObject({
      siem: "sentinel",
      reference: "5f1c-rule-42",
      deployedBy: analyst.email,
      changedSinceDeployed: null,
    });
    expect(Date.now() - deployments.sentinel!.deployedAt.getTime()).toBeLessThan(60_000);
    expect(deployments.elastic).toBeNull();
    expect(deployments.splunk).toBeNull();

    expect(await undeployRule(analyst, RULE_ID, "sentinel")).toBe(true);
    expect((await deploymentsForRule(await rule())).sentinel).toBeNull();
    // Undeploying what is not deployed changes nothing and records nothing.
    expect(await undeployRule(analyst, RULE_ID, "sentinel")).toBe(false);
    expect((await deploymentHistory(RULE_ID)).map((event) => `${event.action} ${event.siem}`)).toEqual([
      "deploy sentinel",
      "undeploy sentinel",
    ]);
  });

  it("refuses a viewer, an unknown rule or SIEM, and a bad reference, writing nothing", async () => {
    const before = await db.ruleDeploymentEvent.count();
    await expect(deployRule(viewer, RULE_ID, "splunk")).rejects.toBeInstanceOf(DeploymentRefusedError);
    await expect(undeployRule(viewer, RULE_ID, "splunk")).rejects.toBeInstanceOf(DeploymentRefusedError);
    await expect(acknowledgeRuleChange(viewer, RULE_ID, "splunk")).rejects.toBeInstanceOf(DeploymentRefusedError);
    await expect(deployRule(analyst, "no-such-rule", "splunk")).rejects.toBeInstanceOf(DeploymentNotFoundError);
    await expect(deployRule(analyst, RULE_ID, "qradar")).rejects.toBeInstanceOf(DeploymentNotFoundError);
    for (const reference of [
      "javascript://alert(1)",
      "<script>",
      "x".repeat(201),
      `https://e.test/${"x".repeat(500)}`,
      42,
    ])
      await expect(deployRule(analyst, RULE_ID, "splunk", { reference })).rejects.toMatchObject({
        constructor: DeploymentInputError,
        field: "reference",
      });
    expect(await db.ruleDeploymentEvent.count()).toBe(before);
    expect((await deploymentsForRule(await rule())).splunk).toBeNull();
  });

  it("keeps a link as a reference", async () => {
    await deployRule(analyst, RULE_ID, "elastic", { reference: "https://kibana.example.test/app/security/rules/id/9" });
    expect((await deploymentsForRule(await rule())).elastic?.reference).toBe(
      "https://kibana.example.test/app/security/rules/id/9",
    );
    await undeployRule(analyst, RULE_ID, "elastic");
  });

  it("flags a deployed rule whose query the library changed, not one whose dates it changed, until acknowledged", async () => {
    await deployRule(analyst, RULE_ID, "sentinel");
    await deployRule(analyst, RULE_ID, "splunk");

    // The library touches only the rule's dates: the rule is rewritten, its queries are the same.
    expect((await syncLibrary(ruleFile({ modified: "2026-12-01" }))).updated).toBe(1);
    let deployments = await deploymentsForRule(await rule());
    expect(deployments.sentinel?.changedSinceDeployed).toBeNull();
    expect(deployments.splunk?.changedSinceDeployed).toBeNull();

    // The library changes the detection: every deployed SIEM's query changes.
    expect((await syncLibrary(ruleFile({ modified: "2026-12-05", clients: ["IMAP4", "POP3", "MAPI"] }))).updated).toBe(
      1,
    );
    deployments = await deploymentsForRule(await rule());
    const diff = deployments.sentinel?.changedSinceDeployed?.diff ?? [];
    expect(diff.some((line) => line.kind === "added" && line.text.includes("MAPI"))).toBe(true);
    expect(diff.some((line) => line.kind === "removed" && !line.text.includes("MAPI"))).toBe(true);
    expect(deployments.splunk?.changedSinceDeployed).not.toBeNull();
    expect(deployments.elastic).toBeNull();
    // The brief-level summary the team panel uses says the same.
    expect(await deployedRulesForBrief("no-brief")).toEqual([]);

    // Acknowledging one SIEM clears that one only, and is recorded.
    await acknowledgeRuleChange(analyst, RULE_ID, "sentinel");
    deployments = await deploymentsForRule(await rule());
    expect(deployments.sentinel?.changedSinceDeployed).toBeNull();
    expect(deployments.splunk?.changedSinceDeployed).not.toBeNull();
    expect((await deploymentHistory(RULE_ID)).at(-1)).toMatchObject({
      action: "acknowledge",
      siem: "sentinel",
      actorEmail: analyst.email,
    });
    await expect(acknowledgeRuleChange(analyst, RULE_ID, "elastic")).rejects.toBeInstanceOf(DeploymentInputError);
  });

  it("sums up a brief's rules: how many of them run, and in which SIEMs", async () => {
    const file = path.join(os.tmpdir(), `deploy-summary-${process.pid}.xml`);
    fs.writeFileSync(file, buildFeed([sampleItem("deploy-summary")]));
    expect(await ingestFeed({ kind: "file", path: file }, { trigger: "cli" })).toMatchObject({ status: "ok" });
    fs.rmSync(file);
    const brief = await db.brief.findUniqueOrThrow({ where: { slug: "deploy-summary" } });
    // Linking by title may already have found rules; this test links them itself.
    await db.briefDetection.deleteMany({ where: { briefId: brief.id } });
    // A sync holds the whole library: both rules, or the first would be retired.
    // Synced before linking: a sync relinks the rules it changes by their titles.
    const other = await syncLibrary(
      ruleFile(),
      ruleFile().replace(RULE_ID, OTHER_RULE_ID).replace("Legacy Mail", "Legacy Web"),
    );
    expect(other.created).toBe(1);
    const summaryText = async () => deploymentSummaryText(summarizeDeployments(await ruleSiemsOfBrief(brief.id)));
    expect(await summaryText()).toBeNull();

    await db.briefDetection.create({ data: { briefId: brief.id, detectionId: RULE_ID, reason: "title" } });
    await undeployRule(analyst, RULE_ID, "sentinel");
    await undeployRule(analyst, RULE_ID, "splunk");
    await undeployRule(analyst, RULE_ID, "elastic");
    expect(await summaryText()).toBe("0 of 1 rule deployed");

    await db.briefDetection.create({ data: { briefId: brief.id, detectionId: OTHER_RULE_ID, reason: "title" } });
    await deployRule(analyst, RULE_ID, "splunk");
    expect(await summaryText()).toBe("1 of 2 rules deployed (Splunk)");
    await deployRule(analyst, OTHER_RULE_ID, "sentinel");
    expect(await summaryText()).toBe("2 of 2 rules deployed (Microsoft Sentinel, Splunk)");

    // The API's fuller list agrees, rule by rule.
    const rules = await deployedRulesForBrief(brief.id);
    expect(rules.map((rule) => [rule.id, rule.deployments.map((deployment) => deployment.siem)]).sort()).toEqual(
      [
        [RULE_ID, ["splunk"]],
        [OTHER_RULE_ID, ["sentinel"]],
      ].sort(),
    );
  });

  it.runIf(databaseProvider() === "sqlite")(
    "moves the shared-page cache's data version (the team's part)",
    async () => {
      const version = async () =>
        (await db.$queryRawUnsafe<{ version: number | bigint }[]>('SELECT "version" FROM "TeamDataVersion"'))[0]
          .version;
      const before = await version();
      await deployRule(analyst, RULE_ID, "elastic");
      expect(Number(await version())).toBeGreaterThan(Number(before));
    },
  );
});
