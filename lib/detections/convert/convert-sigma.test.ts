import { describe, expect, it } from "vitest";
import { SMART_LOCKOUT_FILE } from "@/lib/detections/convert/construct-rules.fixture";
import {
  CONVERSION_BACKENDS,
  convertSigma,
  InvalidSigmaRuleError,
  UnsupportedConstructError,
  type ConversionBackend,
} from "@/lib/detections/convert";

const BASE_RULE = `title: Failed sign-in
id: 9a3c1e52-7a0f-4d55-b0e3-5f2b8c6d7e11
name: failed_signin
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 50126
  condition: selection
`;

const correlation = (body: string) => `${BASE_RULE}---
title: Correlation
correlation:
${body}
`;

function refusal(ruleText: string, backend: ConversionBackend = "sentinel") {
  try {
    convertSigma(ruleText, backend);
  } catch (error) {
    if (error instanceof UnsupportedConstructError) return error;
    throw error;
  }
  throw new Error("expected an UnsupportedConstructError");
}

describe("convertSigma on the sample rule file", () => {
  it("converts the correlation, counting the base rule's events, on every backend", () => {
    expect(CONVERSION_BACKENDS.map((backend) => convertSigma(SMART_LOCKOUT_FILE, backend).query)).toEqual([
      `SigninLogs
| where ResultType == "50053"
| summarize ValueCount = dcountif(UserPrincipalName, isnotempty(UserPrincipalName)) by IPAddress, bin(TimeGenerated, 1h)
| where ValueCount >= 10`,
      `FROM logs-azure.signinlogs-*
| WHERE azure.signinlogs.category == "SignInLogs" AND azure.signinlogs.properties.status.error_code == 50053
| STATS value_count = COUNT_DISTINCT(azure.signinlogs.properties.user_principal_name) BY source.ip, bucket = BUCKET(@timestamp, 1 hour)
| WHERE value_count >= 10`,
      `sourcetype="azure:monitor:aad" category=SignInLogs properties.status.errorCode=50053
| bin _time span=1h
| stats dc(properties.userPrincipalName) as value_count by properties.ipAddress, _time
| where value_count >= 10`,
    ]);
  });

  it("converts the base rule alone when it is the only document", () => {
    const [baseRule] = SMART_LOCKOUT_FILE.split("\n---\n");
    expect(convertSigma(baseRule, "splunk")).toEqual({
      backend: "splunk",
      language: "SPL",
      query: 'sourcetype="azure:monitor:aad" category=SignInLogs properties.status.errorCode=50053',
      warnings: [],
      notes: [],
    });
  });
});

describe("convertSigma chooses what to convert", () => {
  it("finds the correlated rule by id as well as by name", () => {
    const byId = correlation(
      "  type: event_count\n  rules: [9a3c1e52-7a0f-4d55-b0e3-5f2b8c6d7e11]\n  timespan: 5m\n  condition: {gte: 20}",
    );
    expect(convertSigma(byId, "sentinel").query).toBe(`SigninLogs
| where ResultType == "50126"
| summarize EventCount = count() by bin(TimeGenerated, 5m)
| where EventCount >= 20`);
  });

  it("refuses correlation types and shapes it does not convert, naming them", () => {
    expect(refusal(correlation("  type: temporal\n  rules: [failed_signin]\n  timespan: 5m"), "elastic").message).toBe(
      "The elastic backend cannot express a temporal correlation: only event_count and value_count correlations are converted",
    );
    expect(refusal(correlation("  type: temporal\n  rules: [failed_signin]\n  timespan: 5m")).construct).toBe(
      "temporal",
    );
    expect(
      refusal(
        correlation(
          "  type: event_count\n  rules: [failed_signin, failed_signin]\n  timespan: 5m\n  condition: {gte: 2}",
        ),
      ).construct,
    ).toBe("several correlated rules");
    expect(
      refusal(
        correlation(
          "  type: event_count\n  rules: [failed_signin]\n  aliases: {ip: {failed_signin: IPAddress}}\n  group-by: [ip]\n  timespan: 5m\n  condition: {gte: 2}",
        ),
      ).construct,
    ).toBe("aliases");
    expect(refusal(`${BASE_RULE}---\n${BASE_RULE.replace("failed_signin", "other")}`).construct).toBe("several rules");
    const second =
      "---\ntitle: again\ncorrelation: {type: event_count, rules: [failed_signin], timespan: 1h, condition: {gte: 3}}\n";
    expect(
      refusal(
        `${correlation("  type: event_count\n  rules: [failed_signin]\n  timespan: 5m\n  condition: {gte: 2}")}${second}`,
      ).construct,
    ).toBe("several correlations");
  });

  it("reports a correlation whose rule is not in the file as an invalid rule", () => {
    const error = refusal(
      correlation("  type: event_count\n  rules: [missing_rule]\n  timespan: 5m\n  condition: {gte: 2}"),
    );
    expect(error).toBeInstanceOf(InvalidSigmaRuleError);
    expect(error.message).toBe(
      "The rule is not valid Sigma: the correlation references 'missing_rule', which is not a rule in this file",
    );
  });
});

describe("convertSigma refuses what it cannot express", () => {
  it.each(CONVERSION_BACKENDS)("names the windash modifier on %s", (backend) => {
    const error = refusal(BASE_RULE.replace("ResultType: 50126", "UserAgent|windash: -foo"), backend);
    expect(error.construct).toBe("windash");
    expect(error.message).toBe(`The ${backend} backend cannot express the 'windash' modifier`);
  });

  it.each(CONVERSION_BACKENDS)("names an unmapped field and its log source on %s", (backend) => {
    const error = refusal(BASE_RULE.replace("ResultType: 50126", "CommandLine|contains: whoami"), backend);
    expect(error.construct).toBe("CommandLine");
    expect(error.message).toBe(
      `The ${backend} backend cannot express the field 'CommandLine' of the azure/signinlogs log source: it has no mapping to a field of this SIEM`,
    );
  });

  it("reports invalid rules, naming the problem, as InvalidSigmaRuleError", () => {
    const badModifier = refusal(BASE_RULE.replace("ResultType: 50126", "ResultType|equals: 50126"));
    expect(badModifier).toBeInstanceOf(InvalidSigmaRuleError);
    expect(badModifier.message).toBe(
      "The rule is not valid Sigma: selection 'selection', field 'ResultType': unknown modifier 'equals'",
    );
    expect((badModifier as InvalidSigmaRuleError).problems).toEqual([
      "selection 'selection', field 'ResultType': unknown modifier 'equals'",
    ]);
    expect(refusal("title: [unterminated").construct).toBe("invalid Sigma rule");
    expect(refusal("").message).toBe("The rule is not valid Sigma: the file holds no Sigma rule");
  });

  it("rejects an unknown backend name", () => {
    expect(() => convertSigma(BASE_RULE, "qradar" as ConversionBackend)).toThrow(TypeError);
  });
});
