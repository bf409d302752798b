import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { findCitedRuleNames } from "@/lib/detections/cited-rules";
import { loadBundledDetections } from "@/lib/detections/library/load-bundled";

const libraryDir = path.join(process.cwd(), "lib", "detections", "library");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk parsed YAML of known shape and assert it
function documentsOf(fileName: string): Record<string, any>[] {
  return parseAllDocuments(readFileSync(path.join(libraryDir, fileName), "utf8")).map((document) => document.toJS());
}

describe("loadBundledDetections", () => {
  const records = loadBundledDetections();
  const byTitle = new Map(records.map((record) => [record.title, record]));

  it("returns one record per Entra detection of the sample feed, with the exact titles", () => {
    expect(records.map((record) => record.title).sort()).toEqual([
      "Entra ID ADRS Token Request by Microsoft Authentication Broker",
      "Entra ID Excessive Account Lockouts Detected",
      "Entra ID Federated Identity Credential Issuer Modified",
    ]);
    const feed = readFileSync(path.join(process.cwd(), "data", "sample", "entra_id.xml"), "utf8");
    for (const cited of findCitedRuleNames(feed)) expect(byTitle.has(cited)).toBe(true);
  });

  it("keeps each file's text byte for byte as the rule text", () => {
    const files: Record<string, string> = {
      "Entra ID Excessive Account Lockouts Detected": "entra-id-excessive-account-lockouts.yml",
      "Entra ID ADRS Token Request by Microsoft Authentication Broker": "entra-id-adrs-token-request-by-authentication-broker.yml",
      "Entra ID Federated Identity Credential Issuer Modified": "entra-id-federated-identity-credential-issuer-modified.yml",
    };
    for (const [title, fileName] of Object.entries(files)) {
      const record = byTitle.get(title)!;
      expect(Buffer.from(record.ruleText, "utf8").equals(readFileSync(path.join(libraryDir, fileName)))).toBe(true);
      expect(record.ruleFormat).toBe("sigma");
    }
  });

  it("marks every record as bundled, MIT, experimental, by the library, with random UUIDs", () => {
    for (const record of records) {
      expect(record).toMatchObject({ source: "bundled", license: "MIT", status: "experimental", author: "Threat Briefs detection library", nativeQuery: null });
      expect(record.id).toMatch(UUID);
      expect(record.references[0]).toMatch(/^https:\/\/feed\.craftedsignal\.io\/briefs\//);
      expect(record.references.some((reference) => reference.startsWith("https://learn.microsoft.com/"))).toBe(true);
      expect(record.falsePositives.length).toBeGreaterThanOrEqual(2);
      expect(record.description).toBeTruthy();
    }
    expect(new Set(records.map((record) => record.id)).size).toBe(3);
  });

  it("reads 5 to 8 triage steps per rule, each naming fields without backticks in its text", () => {
    for (const record of records) {
      expect(record.triage.length).toBeGreaterThanOrEqual(5);
      expect(record.triage.length).toBeLessThanOrEqual(8);
      for (const step of record.triage) {
        expect(step.fields.length).toBeGreaterThan(0);
        expect(step.text).not.toContain("`");
        for (const field of step.fields) expect(step.text).toContain(field);
      }
    }
    expect(byTitle.get("Entra ID Excessive Account Lockouts Detected")!.triage[0].fields).toEqual(["IPAddress", "UserPrincipalName", "ResultType"]);
  });

  it("describes the lockout correlation: its id, level and the ATT&CK tags of both documents", () => {
    const record = byTitle.get("Entra ID Excessive Account Lockouts Detected")!;
    const [correlation, base] = documentsOf("entra-id-excessive-account-lockouts.yml");
    expect(record).toMatchObject({ id: correlation.id, level: "high", logsource: { product: "azure", service: "signinlogs" } });
    expect(record.techniques).toEqual(["T1110", "T1110.003"]);
    expect(record.tactics).toEqual(["credential_access"]);

    expect(correlation.correlation).toEqual({
      type: "value_count",
      rules: ["entra_id_smart_lockout_signin"],
      "group-by": ["IPAddress"],
      timespan: "1h",
      condition: { field: "UserPrincipalName", gte: 10 },
    });
    expect(base).toMatchObject({
      title: "Entra ID Sign-in Blocked by Smart Lockout",
      name: "entra_id_smart_lockout_signin",
      logsource: { product: "azure", service: "signinlogs" },
      detection: { selection: { ResultType: 50053 }, condition: "selection" },
      level: "low",
    });
    expect(base.id).toMatch(UUID);
    expect(base.id).not.toBe(correlation.id);
  });

  it("matches the ADRS token request on broker, resource, refresh token and user type", () => {
    const record = byTitle.get("Entra ID ADRS Token Request by Microsoft Authentication Broker")!;
    expect(record).toMatchObject({ level: "medium", logsource: { product: "azure", service: "signinlogs" }, techniques: ["T1098.005"], tactics: ["persistence"] });
    const [rule] = documentsOf("entra-id-adrs-token-request-by-authentication-broker.yml");
    expect(rule.detection).toEqual({
      selection_broker_to_drs: { AppId: "29d9ed98-a469-4536-ade2-f981bc1d605e", ResourceIdentity: "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9" },
      selection_refresh_token: { IncomingTokenType: "refreshToken" },
      selection_user_principal: { UserType: ["Member", "Guest"] },
      condition: "all of selection_*",
    });
  });

  it("matches federated identity credential changes in application updates", () => {
    const record = byTitle.get("Entra ID Federated Identity Credential Issuer Modified")!;
    expect(record).toMatchObject({
      level: "high",
      logsource: { product: "azure", service: "auditlogs" },
      techniques: ["T1098.001"],
      tactics: ["persistence", "privilege_escalation"],
    });
    const [rule] = documentsOf("entra-id-federated-identity-credential-issuer-modified.yml");
    expect(rule.detection.selection).toEqual({
      OperationName: "Update application",
      Result: "success",
      "TargetResources.modifiedProperties.displayName": "FederatedIdentityCredentials",
    });
  });
});
