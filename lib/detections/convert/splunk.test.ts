import { describe, expect, it } from "vitest";
import { CONSTRUCT_RULES, type ConstructName } from "@/lib/detections/convert/construct-rules.fixture";
import { convertSigma, UnsupportedConstructError } from "@/lib/detections/convert";

const spl = (ruleText: string) => convertSigma(ruleText, "splunk").query;

const SIGN_INS = 'sourcetype="azure:monitor:aad" category=SignInLogs';

/** The expected SPL for every construct, written by hand. */
const GOLDEN: Record<ConstructName, string> = {
  mapSelection: `${SIGN_INS} properties.appDisplayName="Azure Portal" properties.clientAppUsed="Browser"`,
  listOfMaps: `${SIGN_INS} (properties.clientAppUsed="IMAP4" OR (properties.status.errorCode=50053 properties.userType="Guest"))`,
  numberList: `${SIGN_INS} properties.status.errorCode IN (50053, 50126)`,
  textList: `${SIGN_INS} properties.clientAppUsed IN ("IMAP4", "POP3", "Authenticated SMTP")`,
  contains: `${SIGN_INS} properties.userAgent="*python*"`,
  startswith: `${SIGN_INS} properties.userAgent="Mozilla/5.0*"`,
  endswith: `${SIGN_INS} properties.userPrincipalName="*@contoso.com"`,
  containsAll: `${SIGN_INS} properties.userAgent="*python*" properties.userAgent="*requests*"`,
  regex: `${SIGN_INS}
| where match('properties.userAgent', "^python-requests/\\\\d+\\\\.")`,
  regexCaseInsensitive: `${SIGN_INS}
| where match('properties.userAgent', "(?i)curl/[0-9]+")`,
  cidr: `${SIGN_INS} properties.ipAddress="10.0.0.0/8"`,
  cidrList: `${SIGN_INS} (properties.ipAddress="10.0.0.0/8" OR properties.ipAddress="2001:db8::/32")`,
  existsTrue: `${SIGN_INS} properties.deviceDetail.deviceId=*`,
  existsFalse: `${SIGN_INS} NOT properties.deviceDetail.deviceId=*`,
  wildcardStar: `${SIGN_INS} properties.userAgent="Mozilla*Windows NT*"`,
  wildcardQuestionMark: `${SIGN_INS}
| where match('properties.userPrincipalName', "(?is)^admin.@contoso\\\\.com\\\\z")`,
  escapedWildcard: `${SIGN_INS}
| where lower('resultDescription')=="literal*star"`,
  nullValue: `${SIGN_INS} NOT properties.userAgent=*`,
  not: `${SIGN_INS} properties.status.errorCode=50126 NOT properties.appDisplayName="Azure Portal"`,
  notCidr: `${SIGN_INS} properties.status.errorCode=50126 NOT properties.ipAddress="10.0.0.0/8"`,
  notRegex: `${SIGN_INS} properties.status.errorCode=50126
| where (isnull('properties.userAgent') OR NOT (match('properties.userAgent', "(?i)python")))`,
  parentheses: `${SIGN_INS} (properties.appDisplayName="Azure Portal" OR properties.clientAppUsed="IMAP4") properties.status.errorCode=50126`,
  precedence: `${SIGN_INS} (properties.appDisplayName="Azure Portal" OR (properties.clientAppUsed="IMAP4" NOT properties.status.errorCode=50126))`,
  oneOfPattern: `${SIGN_INS} (properties.clientAppUsed="IMAP4" OR properties.clientAppUsed="POP3")`,
  allOfThem: `${SIGN_INS} properties.status.errorCode=50126 properties.clientAppUsed="IMAP4"`,
  eventCount: `${SIGN_INS} properties.status.errorCode=50126
| bin _time span=10m
| stats count as event_count by properties.ipAddress, properties.appId, _time
| where event_count >= 50`,
  valueCount: `${SIGN_INS} properties.status.errorCode=50053
| bin _time span=1h
| stats dc(properties.userPrincipalName) as value_count by properties.ipAddress, _time
| where value_count >= 10`,
  quotesAndBackslashes: `${SIGN_INS} resultDescription="*a \\"quoted\\" C:\\\\path*"`,
  backslashEquality: `${SIGN_INS} properties.userPrincipalName="CONTOSO\\\\jdoe"`,
  regexQuotesAndBackslashes: `${SIGN_INS}
| where match('properties.userAgent', "a\\"b\\\\\\\\c")`,
};

describe("Splunk SPL golden queries", () => {
  it.each(Object.keys(GOLDEN) as ConstructName[])("%s", (construct) => {
    expect(spl(CONSTRUCT_RULES[construct])).toBe(GOLDEN[construct]);
  });

  it("reports the language and the caveat of a correlation", () => {
    expect(convertSigma(CONSTRUCT_RULES.valueCount, "splunk")).toEqual({
      backend: "splunk",
      language: "SPL",
      query: GOLDEN.valueCount,
      warnings: [
        "The correlation timespan is applied as consecutive fixed windows, so events that straddle a window boundary are counted in two windows and may stay below the threshold.",
      ],
      notes: [],
    });
  });
});

const rule = (service: string, detection: string) => `title: t
logsource: {product: azure, service: ${service}}
detection:
${detection}
`;

describe("Splunk categories, list fields and where clauses", () => {
  it("selects non-interactive sign-ins by category", () => {
    expect(spl(rule("noninteractiveusersigninlogs", "  sel:\n    IsInteractive: false\n  condition: sel"))).toBe(
      'sourcetype="azure:monitor:aad" category=NonInteractiveUserSignInLogs properties.isInteractive=false',
    );
  });

  it("matches audit-log target resources through their list fields", () => {
    expect(
      spl(
        rule(
          "auditlogs",
          "  sel:\n    OperationName: Add member to role\n    TargetResources.modifiedProperties.newValue|contains: Company Administrator\n  condition: sel",
        ),
      ),
    ).toBe(
      'sourcetype="azure:monitor:aad" category=AuditLogs operationName="Add member to role" properties.targetResources{}.modifiedProperties{}.newValue="*Company Administrator*"',
    );
  });

  it("extracts the whole TargetResources as JSON text with spath before searching it", () => {
    const result = convertSigma(
      rule(
        "auditlogs",
        "  sel:\n    OperationName: Update application\n    TargetResources|contains: FederatedIdentityCredentials\n  condition: sel",
      ),
      "splunk",
    );
    expect(result.query).toBe(`sourcetype="azure:monitor:aad" category=AuditLogs operationName="Update application"
| spath output=targetResourcesJson path=properties.targetResources{}
| search targetResourcesJson="*FederatedIdentityCredentials*"`);
    expect(result.warnings).toEqual([
      "TargetResources is matched as the JSON text of each target resource in Splunk, so a value can also match a property name.",
    ]);
  });

  it("moves only the conditions search syntax cannot state into where, pushing not down to the tests", () => {
    expect(
      spl(
        rule(
          "signinlogs",
          "  sel:\n    ResultType: 50126\n  sel_agent:\n    UserAgent|re: '^curl'\n    ClientAppUsed: Browser\n  condition: sel and not sel_agent",
        ),
      ),
    ).toBe(`${SIGN_INS} properties.status.errorCode=50126
| where (isnull('properties.userAgent') OR NOT (match('properties.userAgent', "^curl"))) OR (isnull('properties.clientAppUsed') OR NOT (lower('properties.clientAppUsed')=="browser"))`);
  });
});

describe("Splunk values search syntax cannot state", () => {
  it("compares an empty value in where", () => {
    expect(spl(rule("signinlogs", "  sel:\n    DeviceDetail.deviceId: ''\n    ResultType: 50126\n  condition: sel")))
      .toBe(`${SIGN_INS} properties.status.errorCode=50126
| where 'properties.deviceDetail.deviceId'==""`);
  });
});

describe("Splunk refusals", () => {
  const refusal = (ruleText: string) => {
    try {
      spl(ruleText);
    } catch (error) {
      if (error instanceof UnsupportedConstructError) return { construct: error.construct, message: error.message };
      throw error;
    }
    throw new Error("expected an UnsupportedConstructError");
  };

  it("tests a list field value by value in where with mvfind, which finds the first value a pattern matches", () => {
    expect(spl(rule("auditlogs", "  sel:\n    TargetResources.type|re: '^Us'\n  condition: sel"))).toBe(
      `sourcetype="azure:monitor:aad" category=AuditLogs
| where isnotnull(mvfind('properties.targetResources{}.type', "^Us"))`,
    );
  });

  it("refuses a CIDR test on a list field in where, which tests list values only by a pattern", () => {
    expect(
      refusal(
        rule(
          "auditlogs",
          "  sel:\n    TargetResources.type|cidr: 10.0.0.0/8\n    UserAgent|re: 'x'\n  condition: not sel",
        ),
      ).message,
    ).toMatch(/a 'cidr' test on the list field 'TargetResources.type'/);
  });

  it("refuses control characters, which SPL strings cannot escape", () => {
    expect(refusal(rule("signinlogs", '  sel:\n    UserAgent: "line\\nbreak"\n  condition: sel')).construct).toBe(
      "UserAgent",
    );
  });

  it("refuses grouping a correlation by a list field", () => {
    const text = `${rule("auditlogs", "  sel:\n    OperationName: Update user\n  condition: sel").replace("title: t", "title: t\nname: base")}---
title: c
correlation: {type: event_count, rules: [base], group-by: [TargetResources.id], timespan: 1h, condition: {gte: 5}}
`;
    expect(refusal(text).message).toBe(
      "The splunk backend cannot express grouping a correlation by the field 'TargetResources.id': it holds a list of values",
    );
  });
});
