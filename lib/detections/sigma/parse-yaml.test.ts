import { describe, expect, it } from "vitest";
import { parseSigmaDocuments, SigmaParseError } from "@/lib/detections/sigma/parse-yaml";

const SAMPLE = `title: Entra ID Sign-in Blocked by Smart Lockout
id: 6f0b7a52-3a1c-4a8e-9d55-2c8f1b7e4d10
name: entra_id_smart_lockout_signin
status: experimental
description: A sign-in attempt was rejected because Smart Lockout locked the account (error 50053).
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 50053
  condition: selection
level: low
tags:
  - attack.credential_access
  - attack.t1110
---
title: Entra ID Excessive Account Lockouts Detected
id: 0d9e6a3f-7b2c-4f61-8a9e-5c3d2b1a0f77
status: experimental
correlation:
  type: value_count
  rules:
    - entra_id_smart_lockout_signin
  group-by:
    - IPAddress
  timespan: 1h
  condition:
    gte: 10
    field: UserPrincipalName
level: high
tags:
  - attack.credential_access
  - attack.t1110.003
`;

describe("parseSigmaDocuments", () => {
  it("reads a rule and a correlation rule from one file, keeping the raw fields", () => {
    const [rule, correlation] = parseSigmaDocuments(SAMPLE);

    expect(rule.kind).toBe("rule");
    expect(rule).toMatchObject({
      index: 0,
      title: "Entra ID Sign-in Blocked by Smart Lockout",
      id: "6f0b7a52-3a1c-4a8e-9d55-2c8f1b7e4d10",
      name: "entra_id_smart_lockout_signin",
      status: "experimental",
      level: "low",
      tags: ["attack.credential_access", "attack.t1110"],
      logsource: { product: "azure", service: "signinlogs" },
      parseErrors: [],
    });
    expect(rule.raw.description).toBe(
      "A sign-in attempt was rejected because Smart Lockout locked the account (error 50053).",
    );
    if (rule.kind !== "rule") throw new Error("expected a rule");
    expect(rule.detection?.conditionText).toBe("selection");
    expect(rule.detection?.selections.get("selection")).toEqual({
      kind: "fields",
      alternatives: [[{ field: "ResultType", modifiers: [], values: [{ kind: "number", value: 50053 }] }]],
    });

    expect(correlation.kind).toBe("correlation");
    if (correlation.kind !== "correlation") throw new Error("expected a correlation");
    expect(correlation.correlation).toEqual({
      type: "value_count",
      rules: ["entra_id_smart_lockout_signin"],
      groupBy: ["IPAddress"],
      timespan: { text: "1h", amount: 1, unit: "h", seconds: 3600 },
      condition: [{ operator: "gte", value: 10 }],
      valueField: "UserPrincipalName",
      hasAliases: false,
    });
    expect(correlation.raw.level).toBe("high");
  });

  it("skips empty documents such as a trailing ---", () => {
    expect(parseSigmaDocuments(`${SAMPLE}---\n`)).toHaveLength(2);
    expect(parseSigmaDocuments("")).toEqual([]);
  });

  it("throws SigmaParseError for text that is not YAML, naming the document", () => {
    expect(() => parseSigmaDocuments("title: [unclosed")).toThrow(SigmaParseError);
    expect(() => parseSigmaDocuments(`${SAMPLE}---\ntitle: a\ntitle: b\n`)).toThrow(/document 3: not valid YAML/);
  });

  it("throws SigmaParseError for a document that is not a mapping", () => {
    expect(() => parseSigmaDocuments("- just\n- a list\n")).toThrow("a Sigma rule must be a YAML mapping");
  });

  it("records detection problems on the document instead of throwing", () => {
    const [rule] = parseSigmaDocuments(
      "title: t\nlogsource: {product: azure}\ndetection:\n  sel:\n    UserAgent|sometimes: x\n  condition: sel\n",
    );
    expect(rule.kind === "rule" && rule.detection).toBeNull();
    expect(rule.parseErrors).toEqual(["selection 'sel', field 'UserAgent': unknown modifier 'sometimes'"]);
  });

  it("treats a document with neither detection nor correlation as a rule missing its detection", () => {
    const [rule] = parseSigmaDocuments("title: t\nlogsource: {product: azure}\n");
    expect(rule.kind).toBe("rule");
    expect(rule.parseErrors).toEqual(["missing 'detection'"]);
  });

  it("bounds YAML alias expansion", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, level) =>
          `${String.fromCharCode(98 + level)}: &${String.fromCharCode(98 + level)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + level)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    expect(() => parseSigmaDocuments(bomb)).toThrow(SigmaParseError);
    expect(() => parseSigmaDocuments(bomb)).toThrow(/alias/i);
  });
});
