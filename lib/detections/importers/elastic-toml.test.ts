import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importElasticDirectory } from "@/lib/detections/importers/elastic-toml";

const fixtures = path.join(process.cwd(), "lib", "detections", "importers", "fixtures", "elastic");

describe("importElasticDirectory", async () => {
  const { records, problems } = await importElasticDirectory(fixtures);
  const byId = new Map(records.map((record) => [record.id, record]));

  it("imports the valid rules and reports each bad file with its path and reason", () => {
    expect(records.map((record) => record.title).sort()).toEqual([
      "Fixture: Broker Token for Device Registration",
      "Fixture: Entra ID Federated Credential Changed",
      "Fixture: Entra ID Password Spray From One Address",
    ]);
    expect(problems).toEqual([
      { path: path.join(fixtures, "bad", "missing_rule_id.toml"), reason: "missing rule.rule_id" },
      {
        path: path.join(fixtures, "bad", "unterminated_string.toml"),
        reason: "not valid TOML: control characters are not allowed in strings at line 5, column 32",
      },
    ]);
  });

  it("maps every field of a rule, the investigation steps becoming triage steps in order", () => {
    const file = path.join(fixtures, "azure", "entra_signin_password_spray_many_users.toml");
    expect(byId.get("f3b3549b-8fc4-4c2a-93e5-fb394deac29d")).toEqual({
      id: "f3b3549b-8fc4-4c2a-93e5-fb394deac29d",
      title: "Fixture: Entra ID Password Spray From One Address",
      status: "production",
      level: "medium",
      description:
        "Finds one source address that failed to sign in to Entra ID as many different users in a short\ntime, the footprint of a password spray.",
      logsource: { product: "azure", service: "signinlogs" },
      ruleText: readFileSync(file, "utf8"),
      ruleFormat: "elastic-toml",
      techniques: ["T1110", "T1110.003"],
      tactics: ["credential_access"],
      falsePositives: [
        "A shared egress address after a tenant-wide password reset.",
        "An identity provider health probe that uses test accounts.",
      ],
      references: ["https://learn.microsoft.com/en-us/entra/identity/authentication/howto-password-smart-lockout"],
      triage: [
        {
          text: "Group the failures by source.ip and count distinct azure.signinlogs.properties.user_principal_name values.",
          fields: ["source.ip", "azure.signinlogs.properties.user_principal_name"],
        },
        {
          // The nested item stays part of its step; quoted codes are values, not fields.
          text: "Check azure.signinlogs.properties.status.error_code for a mix of 50126 and 50053 codes. Codes of 50034 mean the attacker is also guessing user names.",
          fields: ["azure.signinlogs.properties.status.error_code"],
        },
        {
          text: "Look for any success from the same source.ip in the following hour, which means an account fell.",
          fields: ["source.ip"],
        },
        {
          text: "Review user_agent.original and azure.signinlogs.properties.client_app_used for scripted or legacy clients.",
          fields: ["user_agent.original", "azure.signinlogs.properties.client_app_used"],
        },
      ],
      source: "elastic-import",
      author: "Fixture Team, Threat Briefs",
      license: "MIT",
      nativeQuery: {
        language: "kuery",
        text: "event.dataset:azure.signinlogs and event.outcome:failure and\n  azure.signinlogs.properties.status.error_code:(50126 or 50053)",
      },
    });
  });

  it("lower-cases the rule id, reads tactics from several threat entries and the data set from the query", () => {
    expect(byId.get("b0883fae-1c33-442b-85b7-a05e7276d9d7")).toMatchObject({
      status: "development",
      level: "high",
      // index is filebeat-* / logs-azure*, so the event.dataset filter names the service.
      logsource: { product: "azure", service: "auditlogs" },
      techniques: ["T1098", "T1098.001"],
      tactics: ["persistence", "privilege_escalation"],
      author: "Fixture Team",
      license: null,
      triage: [],
      falsePositives: [],
      references: [],
    });
  });

  it("reads an ES|QL rule's sources from its FROM clause", () => {
    const record = records.find((candidate) => candidate.title === "Fixture: Broker Token for Device Registration")!;
    expect(record).toMatchObject({
      logsource: { product: "azure", service: "signinlogs" },
      nativeQuery: { language: "esql", text: expect.stringMatching(/^FROM logs-azure\.signinlogs-\*/) },
      techniques: ["T1098", "T1098.005"],
      tactics: ["persistence"],
      author: "Fixture Team",
    });
  });
});
