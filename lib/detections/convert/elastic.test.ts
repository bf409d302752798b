import { describe, expect, it } from "vitest";
import { CONSTRUCT_RULES, type ConstructName } from "@/lib/detections/convert/construct-rules.fixture";
import { convertSigma, UnsupportedConstructError } from "@/lib/detections/convert";

const esql = (ruleText: string) => convertSigma(ruleText, "elastic").query;

const FROM = "FROM logs-azure.signinlogs-*";
const SIGN_INS = 'azure.signinlogs.category == "SignInLogs"';

/** The expected ES|QL for every construct, written by hand. */
const GOLDEN: Record<ConstructName, string> = {
  mapSelection: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(azure.signinlogs.properties.app_display_name) == "azure portal" AND TO_LOWER(azure.signinlogs.properties.client_app_used) == "browser"`,
  listOfMaps: `${FROM}
| WHERE ${SIGN_INS} AND (TO_LOWER(azure.signinlogs.properties.client_app_used) == "imap4" OR (azure.signinlogs.properties.status.error_code == 50053 AND TO_LOWER(azure.signinlogs.properties.user_type) == "guest"))`,
  numberList: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.status.error_code IN (50053, 50126)`,
  textList: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(azure.signinlogs.properties.client_app_used) IN ("imap4", "pop3", "authenticated smtp")`,
  contains: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(user_agent.original) LIKE "*python*"`,
  startswith: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(user_agent.original) LIKE "mozilla/5.0*"`,
  endswith: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(azure.signinlogs.properties.user_principal_name) LIKE "*@contoso.com"`,
  containsAll: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(user_agent.original) LIKE "*python*" AND TO_LOWER(user_agent.original) LIKE "*requests*"`,
  regex: `${FROM}
| WHERE ${SIGN_INS} AND user_agent.original RLIKE "python-requests/[0-9]+\\\\..*"`,
  regexCaseInsensitive: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(user_agent.original) RLIKE ".*curl/[0-9]+.*"`,
  cidr: `${FROM}
| WHERE ${SIGN_INS} AND CIDR_MATCH(source.ip, "10.0.0.0/8")`,
  cidrList: `${FROM}
| WHERE ${SIGN_INS} AND (CIDR_MATCH(source.ip, "10.0.0.0/8") OR CIDR_MATCH(source.ip, "2001:db8::/32"))`,
  existsTrue: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.device_detail.device_id IS NOT NULL`,
  existsFalse: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.device_detail.device_id IS NULL`,
  wildcardStar: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(user_agent.original) LIKE "mozilla*windows nt*"`,
  wildcardQuestionMark: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(azure.signinlogs.properties.user_principal_name) LIKE "admin?@contoso.com"`,
  escapedWildcard: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(azure.signinlogs.result_description) == "literal*star"`,
  nullValue: `${FROM}
| WHERE ${SIGN_INS} AND user_agent.original IS NULL`,
  not: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.status.error_code == 50126 AND NOT COALESCE(TO_LOWER(azure.signinlogs.properties.app_display_name) == "azure portal", FALSE)`,
  notCidr: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.status.error_code == 50126 AND NOT COALESCE(CIDR_MATCH(source.ip, "10.0.0.0/8"), FALSE)`,
  notRegex: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.status.error_code == 50126 AND NOT COALESCE(TO_LOWER(user_agent.original) RLIKE ".*python.*", FALSE)`,
  parentheses: `${FROM}
| WHERE ${SIGN_INS} AND (TO_LOWER(azure.signinlogs.properties.app_display_name) == "azure portal" OR TO_LOWER(azure.signinlogs.properties.client_app_used) == "imap4") AND azure.signinlogs.properties.status.error_code == 50126`,
  precedence: `${FROM}
| WHERE ${SIGN_INS} AND (TO_LOWER(azure.signinlogs.properties.app_display_name) == "azure portal" OR (TO_LOWER(azure.signinlogs.properties.client_app_used) == "imap4" AND NOT COALESCE(azure.signinlogs.properties.status.error_code == 50126, FALSE)))`,
  oneOfPattern: `${FROM}
| WHERE ${SIGN_INS} AND (TO_LOWER(azure.signinlogs.properties.client_app_used) == "imap4" OR TO_LOWER(azure.signinlogs.properties.client_app_used) == "pop3")`,
  allOfThem: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.status.error_code == 50126 AND TO_LOWER(azure.signinlogs.properties.client_app_used) == "imap4"`,
  eventCount: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.status.error_code == 50126
| STATS event_count = COUNT(*) BY source.ip, azure.signinlogs.properties.app_id, bucket = BUCKET(@timestamp, 10 minutes)
| WHERE event_count >= 50`,
  valueCount: `${FROM}
| WHERE ${SIGN_INS} AND azure.signinlogs.properties.status.error_code == 50053
| STATS value_count = COUNT_DISTINCT(azure.signinlogs.properties.user_principal_name) BY source.ip, bucket = BUCKET(@timestamp, 1 hour)
| WHERE value_count >= 10`,
  quotesAndBackslashes: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(azure.signinlogs.result_description) LIKE "*a \\"quoted\\" c:\\\\\\\\path*"`,
  backslashEquality: `${FROM}
| WHERE ${SIGN_INS} AND TO_LOWER(azure.signinlogs.properties.user_principal_name) == "contoso\\\\jdoe"`,
  regexQuotesAndBackslashes: `${FROM}
| WHERE ${SIGN_INS} AND user_agent.original RLIKE ".*a\\\\\\"b\\\\\\\\c.*"`,
};

describe("Elastic ES|QL golden queries", () => {
  it.each(Object.keys(GOLDEN) as ConstructName[])("%s", (construct) => {
    expect(esql(CONSTRUCT_RULES[construct])).toBe(GOLDEN[construct]);
  });

  it("reports the language and the caveats of a value_count correlation", () => {
    expect(convertSigma(CONSTRUCT_RULES.valueCount, "elastic")).toEqual({
      backend: "elastic",
      language: "ES|QL",
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

describe("Elastic data streams and field types", () => {
  it("filters the sign-in data stream on the non-interactive category", () => {
    expect(esql(rule("noninteractiveusersigninlogs", "  sel:\n    IsInteractive: false\n  condition: sel")))
      .toBe(`${FROM}
| WHERE azure.signinlogs.category == "NonInteractiveUserSignInLogs" AND azure.signinlogs.properties.is_interactive == false`);
  });

  it("reads audit logs from their own data stream, with no category filter, and a result where the integration moves it", () => {
    // The pipeline moves a success or failure result to event.outcome and keeps any other in properties.result.
    expect(
      esql(rule("auditlogs", "  sel:\n    OperationName: Add member to role\n    Result: success\n  condition: sel")),
    ).toBe(`FROM logs-azure.auditlogs-*
| WHERE TO_LOWER(azure.auditlogs.operation_name) == "add member to role" AND (TO_LOWER(event.outcome) == "success" OR TO_LOWER(azure.auditlogs.properties.result) == "success")`);
  });

  it("writes values as literals of the field's type and matches numbers and addresses as text when asked", () => {
    expect(
      esql(
        rule(
          "signinlogs",
          "  sel:\n    IPAddress: 192.0.2.10\n    ResultType|startswith: '500'\n    IpAddress|endswith: '.10'\n  condition: sel",
        ),
      ),
    ).toBe(`${FROM}
| WHERE ${SIGN_INS} AND source.ip == TO_IP("192.0.2.10") AND TO_STRING(azure.signinlogs.properties.status.error_code) LIKE "500*" AND TO_STRING(source.ip) LIKE "*.10"`);
  });

  it("anchors each alternative of a regular expression on its own", () => {
    expect(esql(rule("signinlogs", "  sel:\n    UserAgent|re: 'curl$|^Wget'\n  condition: sel"))).toBe(`${FROM}
| WHERE ${SIGN_INS} AND user_agent.original RLIKE ".*curl|Wget.*"`);
  });

  it("warns that '.' also matches line breaks in Lucene regular expressions", () => {
    expect(
      convertSigma(rule("signinlogs", "  sel:\n    UserAgent|re: 'a.b'\n  condition: sel"), "elastic").warnings,
    ).toEqual([
      "In the regular expression 'a.b', '.' also matches line breaks in Elastic (Lucene) regular expressions.",
    ]);
  });
});

describe("Elastic refusals", () => {
  const refusal = (ruleText: string) => {
    try {
      esql(ruleText);
    } catch (error) {
      if (error instanceof UnsupportedConstructError) return { construct: error.construct, message: error.message };
      throw error;
    }
    throw new Error("expected an UnsupportedConstructError");
  };

  it("refuses target resources, which the integration keys by position", () => {
    expect(
      refusal(
        rule("auditlogs", "  sel:\n    TargetResources.modifiedProperties.newValue|contains: x\n  condition: sel"),
      ),
    ).toEqual({
      construct: "TargetResources.modifiedProperties.newValue",
      message:
        "The elastic backend cannot express the field 'TargetResources.modifiedProperties.newValue' of the azure/auditlogs log source: the integration stores target resources as objects keyed by position (target_resources.0, target_resources.1, …), and ES|QL cannot test every position",
    });
  });

  it("refuses a value that can never equal a typed field", () => {
    expect(refusal(rule("signinlogs", "  sel:\n    ResultType: locked\n  condition: sel")).message).toBe(
      "The elastic backend cannot express the value 'locked' for the field 'ResultType': azure.signinlogs.properties.status.error_code holds whole numbers, so it can never equal that value",
    );
  });

  it("refuses regular expressions Lucene cannot match the same way", () => {
    expect(refusal(rule("signinlogs", "  sel:\n    UserAgent|re: '\\bcurl\\b'\n  condition: sel")).construct).toBe(
      "regular expression word boundaries",
    );
    expect(refusal(rule("signinlogs", "  sel:\n    UserAgent|re: '(^a|b)c'\n  condition: sel")).construct).toBe(
      "regular expression inner anchors",
    );
    expect(refusal(rule("signinlogs", "  sel:\n    UserAgent|re: '(?=a)b'\n  condition: sel")).message).toBe(
      "The elastic backend cannot express lookahead and lookbehind assertions ((?=…), (?!…), (?<=…), (?<!…)) in a regular expression: '(?=a)b' cannot be translated without changing what it matches",
    );
  });
});
