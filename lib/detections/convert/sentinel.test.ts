import { describe, expect, it } from "vitest";
import { CONSTRUCT_RULES, type ConstructName } from "@/lib/detections/convert/construct-rules.fixture";
import { convertSigma, UnsupportedConstructError } from "@/lib/detections/convert";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";

const kql = (ruleText: string) => convertSigma(ruleText, "sentinel").query;

/** The expected KQL for every construct, written by hand. */
const GOLDEN: Record<ConstructName, string> = {
  mapSelection: `SigninLogs
| where AppDisplayName =~ "Azure Portal" and ClientAppUsed =~ "Browser"`,
  listOfMaps: `SigninLogs
| where ClientAppUsed =~ "IMAP4" or (ResultType == "50053" and UserType =~ "Guest")`,
  numberList: `SigninLogs
| where ResultType in ("50053", "50126")`,
  textList: `SigninLogs
| where ClientAppUsed in~ ("IMAP4", "POP3", "Authenticated SMTP")`,
  contains: `SigninLogs
| where UserAgent contains "python"`,
  startswith: `SigninLogs
| where UserAgent startswith "Mozilla/5.0"`,
  endswith: `SigninLogs
| where UserPrincipalName endswith "@contoso.com"`,
  containsAll: `SigninLogs
| where UserAgent contains "python" and UserAgent contains "requests"`,
  regex: `SigninLogs
| where UserAgent matches regex "^python-requests/\\\\d+\\\\."`,
  regexCaseInsensitive: `SigninLogs
| where UserAgent matches regex "(?i)curl/[0-9]+"`,
  cidr: `SigninLogs
| where ipv4_is_in_range(IPAddress, "10.0.0.0/8")`,
  cidrList: `SigninLogs
| where ipv4_is_in_range(IPAddress, "10.0.0.0/8") or ipv6_is_in_range(IPAddress, "2001:db8::/32")`,
  existsTrue: `SigninLogs
| where isnotempty(tostring(DeviceDetail.deviceId))`,
  existsFalse: `SigninLogs
| where isempty(tostring(DeviceDetail.deviceId))`,
  wildcardStar: `SigninLogs
| where UserAgent matches regex "(?is)^Mozilla.*Windows NT.*$"`,
  wildcardQuestionMark: `SigninLogs
| where UserPrincipalName matches regex "(?is)^admin.@contoso\\\\.com$"`,
  escapedWildcard: `SigninLogs
| where ResultDescription =~ "Literal*Star"`,
  nullValue: `SigninLogs
| where isempty(UserAgent)`,
  not: `SigninLogs
| where ResultType == "50126" and not(AppDisplayName =~ "Azure Portal")`,
  notCidr: `SigninLogs
| where ResultType == "50126" and not(coalesce(ipv4_is_in_range(IPAddress, "10.0.0.0/8"), false))`,
  notRegex: `SigninLogs
| where ResultType == "50126" and not(UserAgent matches regex "(?i)python")`,
  parentheses: `SigninLogs
| where (AppDisplayName =~ "Azure Portal" or ClientAppUsed =~ "IMAP4") and ResultType == "50126"`,
  precedence: `SigninLogs
| where AppDisplayName =~ "Azure Portal" or (ClientAppUsed =~ "IMAP4" and not(ResultType == "50126"))`,
  oneOfPattern: `SigninLogs
| where ClientAppUsed =~ "IMAP4" or ClientAppUsed =~ "POP3"`,
  allOfThem: `SigninLogs
| where ResultType == "50126" and ClientAppUsed =~ "IMAP4"`,
  eventCount: `SigninLogs
| where ResultType == "50126"
| summarize EventCount = count() by IPAddress, AppId, bin(TimeGenerated, 10m)
| where EventCount >= 50`,
  valueCount: `SigninLogs
| where ResultType == "50053"
| summarize ValueCount = dcountif(UserPrincipalName, isnotempty(UserPrincipalName)) by IPAddress, bin(TimeGenerated, 1h)
| where ValueCount >= 10`,
  quotesAndBackslashes: `SigninLogs
| where ResultDescription contains "a \\"quoted\\" C:\\\\path"`,
  backslashEquality: `SigninLogs
| where UserPrincipalName =~ "CONTOSO\\\\jdoe"`,
  regexQuotesAndBackslashes: `SigninLogs
| where UserAgent matches regex "a\\"b\\\\\\\\c"`,
};

describe("Sentinel KQL golden queries", () => {
  it.each(Object.keys(GOLDEN) as ConstructName[])("%s", (construct) => {
    expect(kql(CONSTRUCT_RULES[construct])).toBe(GOLDEN[construct]);
  });

  it("reports the language and the caveats of a value_count correlation", () => {
    expect(convertSigma(CONSTRUCT_RULES.valueCount, "sentinel")).toEqual({
      backend: "sentinel",
      language: "KQL",
      query: GOLDEN.valueCount,
      warnings: [
        "The correlation timespan is applied as consecutive fixed windows, so events that straddle a window boundary are counted in two windows and may stay below the threshold.",
      ],
      notes: [
        "Distinct counts are estimates (dcount() in Sentinel, COUNT_DISTINCT in Elastic); small counts such as thresholds are exact or within a fraction of a per cent.",
      ],
    });
  });
});

const rule = (service: string, detection: string) => `title: t
logsource: {product: azure, service: ${service}}
detection:
${detection}
`;

describe("Sentinel tables and nested fields", () => {
  it("reads non-interactive sign-ins from their own table, where object columns are JSON text", () => {
    expect(
      kql(
        rule(
          "noninteractiveusersigninlogs",
          "  sel:\n    DeviceDetail.isCompliant: false\n    Status|contains: MFA denied\n  condition: sel",
        ),
      ),
    ).toBe(
      `AADNonInteractiveUserSignInLogs
| where tobool(parse_json(DeviceDetail).isCompliant) == false and (tostring(parse_json(Status).errorCode) contains "MFA denied" or tostring(parse_json(Status).failureReason) contains "MFA denied" or tostring(parse_json(Status).additionalDetails) contains "MFA denied")`,
    );
  });

  it("matches a Status in SigninLogs against each of its properties", () => {
    expect(kql(rule("signinlogs", "  sel:\n    Status: null\n  condition: sel"))).toBe(
      `SigninLogs
| where isempty(tostring(Status.errorCode)) and isempty(tostring(Status.failureReason)) and isempty(tostring(Status.additionalDetails))`,
    );
  });

  it("tests array elements of AuditLogs with mv-apply, keeping events where some element matches", () => {
    const query = kql(
      rule(
        "auditlogs",
        "  sel:\n    OperationName: Add member to role\n    TargetResources.modifiedProperties.newValue|contains: Company Administrator\n    TargetResources.type: User\n  condition: sel",
      ),
    );
    expect(query).toBe(`AuditLogs
| where OperationName =~ "Add member to role"
| mv-apply TargetResource = todynamic(TargetResources) on (mv-apply ModifiedProperty = TargetResource.modifiedProperties on (where tostring(ModifiedProperty.newValue) contains "Company Administrator") | take 1)
| mv-apply TargetResource = todynamic(TargetResources) on (where tostring(TargetResource.type) =~ "User" | take 1)
| project-away TargetResource, ModifiedProperty`);
  });

  it("matches the whole TargetResources as JSON text, with a warning", () => {
    const result = convertSigma(
      rule(
        "auditlogs",
        "  sel:\n    properties.message: Update application\n    TargetResources|contains: FederatedIdentityCredentials\n  condition: sel",
      ),
      "sentinel",
    );
    expect(result.query).toBe(`AuditLogs
| where OperationName =~ "Update application" and tostring(TargetResources) contains "FederatedIdentityCredentials"`);
    expect(result.warnings).toEqual([
      "TargetResources is matched as its JSON text in Sentinel, so a value can also match a property name.",
    ]);
  });

  it("works an array test under not or inside an or out per event first, reading an empty array as one null element", () => {
    const query = kql(
      rule(
        "auditlogs",
        "  sel:\n    OperationName: Update user\n  filter:\n    TargetResources.type: Device\n  other:\n    TargetResources.modifiedProperties.newValue|contains: Admin\n  condition: sel and (not filter or other)",
      ),
    );
    expect(query).toBe(`AuditLogs
| mv-apply TargetResource = iff(array_length(todynamic(TargetResources)) > 0, todynamic(TargetResources), dynamic([null])) on (summarize HasElement1 = countif(tostring(TargetResource.type) =~ "Device") > 0)
| mv-apply TargetResource = iff(array_length(todynamic(TargetResources)) > 0, todynamic(TargetResources), dynamic([null])) on (mv-apply ModifiedProperty = iff(array_length(TargetResource.modifiedProperties) > 0, TargetResource.modifiedProperties, dynamic([null])) on (summarize HasElement2 = countif(tostring(ModifiedProperty.newValue) contains "Admin") > 0) | summarize HasElement2 = countif(HasElement2) > 0)
| where OperationName =~ "Update user" and (not(HasElement1) or HasElement2)
| project-away HasElement1, HasElement2`);
    expect(kustoDiagnostics(query)).toEqual([]);
  });

  it("names a group-by expression that is not a plain column", () => {
    const text = `${rule("signinlogs", "  sel:\n    ResultType: 50126\n  condition: sel").replace("title: t", "title: t\nname: base")}---
title: c
correlation: {type: event_count, rules: [base], group-by: [DeviceDetail.deviceId], timespan: 30s, condition: {gt: 3, lt: 20}}
`;
    expect(kql(text)).toBe(`SigninLogs
| where ResultType == "50126"
| summarize EventCount = count() by DeviceDetail_deviceId = tostring(DeviceDetail.deviceId), bin(TimeGenerated, 30s)
| where EventCount > 3 and EventCount < 20`);
  });
});

describe("Sentinel refusals", () => {
  const refusal = (ruleText: string) => {
    try {
      kql(ruleText);
    } catch (error) {
      if (error instanceof UnsupportedConstructError) return { construct: error.construct, message: error.message };
      throw error;
    }
    throw new Error("expected an UnsupportedConstructError");
  };

  it("refuses array-element tests an empty value would pass", () => {
    expect(
      refusal(rule("auditlogs", "  sel:\n    TargetResources.displayName|re: '.*'\n  condition: sel")).construct,
    ).toBe("TargetResources.displayName");
  });

  it("refuses anything but contains on JSON text, and values JSON escapes", () => {
    expect(refusal(rule("auditlogs", "  sel:\n    TargetResources: x\n  condition: sel")).message).toBe(
      "The sentinel backend cannot express a test other than 'contains' on the field 'TargetResources': it is matched as JSON text",
    );
    expect(
      refusal(rule("auditlogs", "  sel:\n    TargetResources|contains: 'say \"hi\"'\n  condition: sel")).construct,
    ).toBe("TargetResources");
  });

  it("refuses a non-boolean value for a boolean column", () => {
    expect(refusal(rule("signinlogs", "  sel:\n    IsInteractive: maybe\n  condition: sel")).message).toBe(
      "The sentinel backend cannot express this test on the boolean field 'IsInteractive': only true, false and exists apply to it",
    );
  });
});
