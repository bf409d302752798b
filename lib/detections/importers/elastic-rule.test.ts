import { describe, expect, it } from "vitest";
import { parseElasticRule } from "@/lib/detections/importers/elastic-rule";
import type { DetectionRecord } from "@/lib/detections/types";

function rule(fields: string): string {
  return `[metadata]\nmaturity = "production"\n\n[rule]\nname = "Inline"\nrule_id = "7d7c1c55-2b4e-4a57-8c0f-2f3c9d0e5a11"\n${fields}\n`;
}

function record(fields: string): DetectionRecord {
  const result = parseElasticRule(rule(fields));
  if (!result.ok) throw new Error(result.reason);
  return result.records[0];
}

describe("parseElasticRule", () => {
  it("takes triage steps from a note's investigation steps, whichever way the heading is worded", () => {
    for (const heading of [
      "### Possible investigation steps",
      "### Investigation Steps",
      "### Possible Investigation Steps:",
    ]) {
      const note = `note = """## Triage and analysis\n\n${heading}\n\n- Check \`source.ip\`.\n- Ask the user.\n\n### Response\n\n- Reset.\n"""`;
      expect(record(note).triage.map((step) => step.text)).toEqual(["Check source.ip.", "Ask the user."]);
    }
    expect(record('note = """### Response\n\n- Reset.\n"""').triage).toEqual([]);
  });

  it("takes the level from severity, or from the risk score band when severity is absent", () => {
    expect(record('severity = "critical"\nrisk_score = 99').level).toBe("critical");
    expect(record("risk_score = 21").level).toBe("low");
    expect(record("risk_score = 47").level).toBe("medium");
    expect(record("risk_score = 73").level).toBe("high");
    expect(record("risk_score = 90").level).toBe("critical");
    expect(record("").level).toBeNull();
  });

  it("rejects an unknown severity, a risk score out of range, a rule id that is not a UUID and a file without [rule]", () => {
    const reason = (text: string) => {
      const result = parseElasticRule(text);
      return result.ok ? null : result.reason;
    };
    expect(reason(rule('severity = "urgent"'))).toBe(
      'rule.severity must be one of low, medium, high, critical, got "urgent"',
    );
    expect(reason(rule("risk_score = 150"))).toBe("rule.risk_score must be a number from 0 to 100, got 150");
    expect(reason(rule("").replace(/rule_id = .*/, 'rule_id = "123"'))).toBe('rule.rule_id must be a UUID, got "123"');
    expect(reason('[metadata]\nmaturity = "production"\n')).toBe("missing the [rule] table");
  });

  it("maps tactic names and IDs, skipping threat entries of other frameworks", () => {
    const mapped = record(`
[[rule.threat]]
framework = "MITRE ATT&CK"
[rule.threat.tactic]
id = "TA0011"
name = "Command and Control"

[[rule.threat]]
framework = "MITRE ATT&CK"
[rule.threat.tactic]
id = "TA0005"
name = "Renamed Tactic"

[[rule.threat]]
framework = "Some Other Framework"
[[rule.threat.technique]]
id = "T9999"
[rule.threat.tactic]
id = "TA0040"
name = "Impact"
`);
    expect(mapped.tactics).toEqual(["command_and_control", "defense_evasion"]);
    expect(mapped.techniques).toEqual([]);
  });

  it("infers the query language from the rule type when language is missing, and has no query for ML rules", () => {
    expect(record('type = "eql"\nquery = "any where true"').nativeQuery).toEqual({
      language: "eql",
      text: "any where true",
    });
    expect(record('type = "machine_learning"').nativeQuery).toBeNull();
  });

  it("keeps only the shared product when index patterns span data sets, and none for unrelated patterns", () => {
    expect(record('index = ["logs-azure.signinlogs-*", "logs-azure.auditlogs-*"]').logsource).toEqual({
      product: "azure",
    });
    expect(record('index = ["logs-o365.audit-*"]').logsource).toEqual({ product: "m365", service: "audit" });
    expect(record('index = ["filebeat-*"]').logsource).toBeNull();
  });
});
