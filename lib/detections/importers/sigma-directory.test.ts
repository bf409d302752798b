import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importSigmaDirectory } from "@/lib/detections/importers/sigma-directory";

const fixtures = path.join(process.cwd(), "lib", "detections", "importers", "fixtures", "sigma");

describe("importSigmaDirectory", async () => {
  const { records, problems } = await importSigmaDirectory(fixtures);
  const byId = new Map(records.map((record) => [record.id, record]));

  it("imports every valid rule of the nested tree, .yml and .yaml alike", () => {
    expect(records.map((record) => record.title).sort()).toEqual([
      "Entra ID Conditional Access Policy Deleted",
      "Owner Added to an Entra ID Application",
      "Repeated MFA Denials for One Entra ID User",
      "Successful Entra ID Sign-in Over a Legacy Mail Protocol",
    ]);
  });

  it("reports each bad file with its path and reason, and skips it", () => {
    expect(problems).toEqual([
      {
        path: path.join(fixtures, "bad", "bad_level.yml"),
        reason: 'level must be one of informational, low, medium, high, critical, got "severe"',
      },
      {
        path: path.join(fixtures, "bad", "correlation_external_reference.yml"),
        reason: "correlation references rules not in this file: rule_defined_in_another_file",
      },
      {
        path: path.join(fixtures, "bad", "malformed_yaml.yml"),
        reason: expect.stringMatching(/^not valid YAML: .*line 4, column 12$/),
      },
      { path: path.join(fixtures, "bad", "missing_id.yml"), reason: "missing id" },
    ]);
  });

  it("maps a rule's fields", () => {
    const file = path.join(fixtures, "azure", "signinlogs", "azure_signin_legacy_protocol_success.yml");
    expect(byId.get("10436fe7-97c4-45e9-98a8-fd7e0d53fe7b")).toEqual({
      id: "10436fe7-97c4-45e9-98a8-fd7e0d53fe7b",
      title: "Successful Entra ID Sign-in Over a Legacy Mail Protocol",
      status: "test",
      level: "medium",
      description:
        "A user signed in successfully with IMAP, POP or authenticated SMTP, protocols that cannot enforce multi-factor authentication.",
      logsource: { product: "azure", service: "signinlogs" },
      ruleText: readFileSync(file, "utf8"),
      ruleFormat: "sigma",
      techniques: ["T1078.004"],
      tactics: ["initial_access", "defense_evasion"],
      falsePositives: [
        "Old multifunction printers that send scanned documents by SMTP",
        "Mailbox migration tools that still use IMAP",
      ],
      references: [
        "https://learn.microsoft.com/en-us/entra/identity/conditional-access/policy-block-legacy-authentication",
      ],
      triage: [],
      source: "sigma-import",
      author: "Fixture Author One, Fixture Author Two",
      license: "MIT",
      nativeQuery: null,
    });
  });

  it("leaves the licence null when the rule does not state one, and reads a lone false positive string", () => {
    expect(byId.get("0baaf095-d6a4-41ef-a365-10692eb9f081")).toMatchObject({
      license: null,
      author: "Fixture Author Four",
      falsePositives: ["Application owners handing over an app to a new team member"],
      logsource: { product: "azure", service: "auditlogs" },
      techniques: ["T1098"],
      tactics: ["persistence"],
    });
  });

  it("imports a correlation with its base rule as one record holding the whole file", () => {
    const file = path.join(fixtures, "azure", "signinlogs", "azure_signin_mfa_denied_burst.yml");
    const record = byId.get("8e563faf-646f-4edc-960a-f7f0d9897217")!;
    expect(record).toMatchObject({
      title: "Repeated MFA Denials for One Entra ID User",
      level: "high",
      // The correlation reads its base rule's log source; tags come from both documents.
      logsource: { product: "azure", service: "signinlogs" },
      techniques: ["T1621", "T1110"],
      tactics: ["credential_access"],
      author: "Fixture Author Three",
    });
    expect(record.ruleText).toBe(readFileSync(file, "utf8"));
    expect(byId.has("ab6120a3-fedc-4cb2-809d-74d9823a1f1f")).toBe(false);
  });

  it("reads a custom triage list, with backticked names as fields", () => {
    expect(byId.get("eb68114f-6b36-4eaa-98f5-d11eb0bf4f74")!.triage).toEqual([
      { text: "Read the deleted policy's name and conditions from TargetResources.", fields: ["TargetResources"] },
      {
        text: "Identify who deleted it from InitiatedBy and check that account's recent sign-ins.",
        fields: ["InitiatedBy"],
      },
      { text: "Confirm with the identity team whether a change ticket covers the deletion.", fields: [] },
    ]);
    // Sigma v1 tag spelling (defense_evasion) maps like v2 (defense-evasion).
    expect(byId.get("eb68114f-6b36-4eaa-98f5-d11eb0bf4f74")!.tactics).toEqual(["defense_evasion"]);
  });

  it("reports a rule whose id an earlier file already used, and a missing directory", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sigma-import-"));
    const rule = readFileSync(path.join(fixtures, "azure", "auditlogs", "azure_audit_app_owner_added.yml"), "utf8");
    writeFileSync(path.join(dir, "a.yml"), rule);
    writeFileSync(path.join(dir, "b.yml"), rule.replace("Owner Added", "Copy of Owner Added"));
    const result = await importSigmaDirectory(dir);
    expect(result.records).toHaveLength(1);
    expect(result.problems).toEqual([
      {
        path: path.join(dir, "b.yml"),
        reason: `id 0baaf095-d6a4-41ef-a365-10692eb9f081 is already used by ${path.join(dir, "a.yml")}`,
      },
    ]);

    const missing = await importSigmaDirectory(path.join(dir, "nope"));
    expect(missing.records).toEqual([]);
    expect(missing.problems[0]).toMatchObject({
      path: path.join(dir, "nope"),
      reason: expect.stringMatching(/^cannot read the directory/),
    });
  });
});
