import { describe, expect, it } from "vitest";
import { parseSigmaDocuments } from "@/lib/detections/sigma/parse-yaml";
import { validateSigmaRule } from "@/lib/detections/sigma/validate";

const VALID_RULE = `title: Entra ID Sign-in Blocked by Smart Lockout
id: 6f0b7a52-3a1c-4a8e-9d55-2c8f1b7e4d10
name: entra_id_smart_lockout_signin
status: experimental
date: 2024-01-30
modified: 2024/02/01
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 50053
  condition: selection
falsepositives:
  - A user retrying an old password
references:
  - https://learn.microsoft.com/en-us/entra/identity/authentication/howto-password-smart-lockout
level: low
tags:
  - attack.credential_access
  - attack.credential-access
  - attack.t1110.003
`;

const problemsOf = (text: string, options = {}) => validateSigmaRule(parseSigmaDocuments(text)[0], options);

describe("validateSigmaRule", () => {
  it("accepts a valid rule", () => {
    expect(problemsOf(VALID_RULE, { requireId: true })).toEqual([]);
  });

  it("requires a title of at most 256 characters", () => {
    expect(problemsOf(VALID_RULE.replace(/^title: .*\n/, ""))).toEqual(["missing 'title'"]);
    expect(problemsOf(VALID_RULE.replace(/^title: .*/, `title: ${"x".repeat(257)}`))).toEqual([
      "'title' is 257 characters long; the maximum is 256",
    ]);
  });

  it("checks the id is a UUID, and requires one only when asked", () => {
    const withoutId = VALID_RULE.replace(/^id: .*\n/m, "");
    expect(problemsOf(withoutId)).toEqual([]);
    expect(problemsOf(withoutId, { requireId: true })).toEqual(["missing 'id' (a UUID)"]);
    expect(problemsOf(VALID_RULE.replace(/^id: .*/m, "id: 1234"))).toEqual(["'id' must be a UUID, got 1234"]);
  });

  it("checks status, level, dates, tags and list fields", () => {
    const broken = VALID_RULE.replace("status: experimental", "status: beta")
      .replace("level: low", "level: severe")
      .replace("date: 2024-01-30", "date: 2024-02-30")
      .replace("modified: 2024/02/01", "modified: 01.02.2024")
      .replace("  - attack.t1110.003", "  - attack.T1110\n  - credential_access")
      .replace("falsepositives:\n  - A user retrying an old password", "falsepositives: [1, 2]");
    expect(problemsOf(broken)).toEqual([
      "'status' must be one of stable, test, experimental, deprecated, unsupported, got \"beta\"",
      "'level' must be one of informational, low, medium, high, critical, got \"severe\"",
      "'date' must be a date written YYYY-MM-DD or YYYY/MM/DD, got \"2024-02-30\"",
      "'modified' must be a date written YYYY-MM-DD or YYYY/MM/DD, got \"01.02.2024\"",
      "'falsepositives' must be a list of strings",
      'tag "attack.T1110" must be a lower-case namespace and name, such as attack.t1110.003 or attack.credential_access',
      'tag "credential_access" must be a lower-case namespace and name, such as attack.t1110.003 or attack.credential_access',
    ]);
  });

  it("requires a log source naming a product, category or service", () => {
    expect(problemsOf(VALID_RULE.replace("logsource:\n  product: azure\n  service: signinlogs\n", ""))).toEqual([
      "missing 'logsource'",
    ]);
    expect(
      problemsOf(VALID_RULE.replace("  product: azure\n  service: signinlogs\n", "  definition: Entra ID\n")),
    ).toEqual(["'logsource' must name at least one of product, category or service"]);
  });

  it("reports detection problems: a missing condition, unknown selections and modifiers", () => {
    expect(problemsOf(VALID_RULE.replace("  condition: selection\n", ""))).toEqual(["'detection' has no 'condition'"]);
    expect(problemsOf(VALID_RULE.replace("condition: selection", "condition: selection and not filter"))).toEqual([
      "condition: the condition names 'filter', which is not a selection of this detection",
    ]);
    expect(problemsOf(VALID_RULE.replace("ResultType: 50053", "ResultType|eq: 50053"))).toEqual([
      "selection 'selection', field 'ResultType': unknown modifier 'eq'",
    ]);
  });

  it("validates correlation rules", () => {
    const [, correlation] = parseSigmaDocuments(`${VALID_RULE}---
title: Excessive lockouts
correlation:
  type: value_count
  rules: [entra_id_smart_lockout_signin]
  group-by: [IPAddress]
  timespan: 1h
  condition: {gte: 10}
`);
    expect(validateSigmaRule(correlation, { requireId: true })).toEqual([
      "missing 'id' (a UUID)",
      "a value_count correlation needs the field whose distinct values it counts, as 'condition.field'",
    ]);
  });
});
