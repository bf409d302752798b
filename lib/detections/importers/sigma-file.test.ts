import { describe, expect, it } from "vitest";
import { parseSigmaFile } from "@/lib/detections/importers/sigma-file";

const BASE = `title: Base Rule
id: 5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a01
name: base_rule
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 50126
  condition: selection
tags:
  - attack.t1110.001
`;

function reasonFor(text: string): string {
  const result = parseSigmaFile(text, "sigma-import");
  if (result.ok) throw new Error("expected the file to be rejected");
  return result.reason;
}

describe("parseSigmaFile", () => {
  it("rejects a document without title, logsource or detection, or with an id that is not a UUID", () => {
    expect(reasonFor(BASE.replace("title: Base Rule\n", ""))).toBe("missing title");
    expect(reasonFor(BASE.replace(/id: .*\n/, "id: not-a-uuid\n"))).toBe('id must be a UUID, got "not-a-uuid"');
    expect(reasonFor(BASE.replace(/logsource:\n( {2}.*\n){2}/, ""))).toBe("missing logsource");
    expect(reasonFor(BASE.replace(/detection:\n( {2}.*\n)+/, ""))).toBe("missing detection (or correlation)");
    expect(reasonFor(BASE.replace("  condition: selection\n", ""))).toBe("detection must have a condition");
    expect(reasonFor("")).toBe("the file holds no Sigma rule");
    expect(reasonFor("- just\n- a list\n")).toBe("a Sigma rule must be a YAML mapping");
  });

  it("names the document at fault in a multi-document file", () => {
    const correlation = `title: Broken Correlation
id: 5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a02
correlation:
  type: value_count
  rules: [base_rule]
  group-by: [IPAddress]
  timespan: 1h
  condition:
    gte: 5
`;
    expect(reasonFor(`${correlation}---\n${BASE}`)).toBe(
      "document 1: a value_count correlation needs the field it counts in its condition",
    );
    expect(reasonFor(`${correlation.replace("timespan: 1h", "timespan: an hour")}---\n${BASE}`)).toBe(
      "document 1: correlation timespan must be a number and a unit, such as 1h",
    );
  });

  it("follows chained correlations and reads triage, tags and log source through the chain", () => {
    const text = `title: Outer
id: 5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a03
correlation:
  type: temporal_ordered
  rules: [many_failures, base_success]
  group-by: [UserPrincipalName]
  timespan: 30m
tags: [attack.credential-access]
level: critical
---
title: Many Failures
id: 5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a04
name: many_failures
correlation:
  type: event_count
  rules: [base_rule]
  group-by: [UserPrincipalName]
  timespan: 30m
  condition: { gte: 20 }
---
${BASE}---
title: Success
id: 5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a05
name: base_success
logsource: { product: azure, service: signinlogs }
detection:
  selection: { ResultType: 0 }
  condition: selection
tags: [attack.initial-access, attack.t1078]
---
`;
    const result = parseSigmaFile(text, "sigma-import");
    expect(result.ok && result.records.map((record) => record.title)).toEqual(["Outer"]);
    if (!result.ok) return;
    expect(result.records[0]).toMatchObject({
      level: "critical",
      logsource: { product: "azure", service: "signinlogs" },
      techniques: ["T1110.001", "T1078"],
      tactics: ["credential_access", "initial_access"],
      ruleText: text,
    });
  });

  it("keeps the base rules as records of their own when the correlation asks to generate them", () => {
    const text = `title: Counting
id: 5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a06
correlation:
  type: event_count
  rules: [5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a01]
  group-by: [IPAddress]
  timespan: 5m
  condition: { gt: 3 }
generate: true
---
${BASE}`;
    const result = parseSigmaFile(text, "bundled");
    expect(result.ok && result.records.map((record) => [record.title, record.source])).toEqual([
      ["Counting", "bundled"],
      ["Base Rule", "bundled"],
    ]);
  });

  it("rejects correlations that reference each other in a cycle", () => {
    const correlation = (id: string, name: string, target: string) =>
      `title: ${name}\nid: ${id}\nname: ${name}\ncorrelation:\n  type: temporal\n  rules: [${target}]\n  group-by: [IPAddress]\n  timespan: 5m\n`;
    const text = `${correlation("5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a07", "loop_a", "loop_b")}---\n${correlation("5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a08", "loop_b", "loop_a")}`;
    expect(reasonFor(text)).toBe(
      "every rule in this file is referenced by a correlation, so the correlations form a cycle",
    );
  });

  it("rejects two documents sharing an id or name", () => {
    expect(reasonFor(`${BASE}---\n${BASE}`)).toBe(
      "two documents in this file use the id or name 5e0a3f4c-8a51-4d0c-9a43-0f1b2f1d6a01",
    );
  });
});
