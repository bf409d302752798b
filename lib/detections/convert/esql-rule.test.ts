import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { convertElasticRule, UnsupportedConstructError } from "@/lib/detections/convert";
import { parseEsql } from "@/lib/detections/convert/esql";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", "elastic", name), "utf8");

/** An esql rule written for one test. */
function esqlRule(query: string, settings = 'from = "now-30m"'): string {
  return `[rule]
name = "ES|QL rule under test"
rule_id = "5d1c0b7a-2f3e-4a5b-8c9d-0e1f2a3b4c5d"
risk_score = 21
type = "esql"
language = "esql"
${settings}
query = '''
${query}
'''
`;
}

function kql(text: string): string {
  const { query } = convertElasticRule(text, "sentinel");
  expect(kustoDiagnostics(query)).toEqual([]);
  return query;
}

function spl(text: string): string {
  return convertElasticRule(text, "splunk").query;
}

function refusal(text: string, backend: "sentinel" | "splunk" = "sentinel"): string {
  try {
    convertElasticRule(text, backend);
  } catch (error) {
    if (error instanceof UnsupportedConstructError) return error.message;
    throw error;
  }
  throw new Error("expected an UnsupportedConstructError");
}

beforeAll(() => {
  kustoDiagnostics("print 1");
}, 60_000);

describe("ES|QL golden queries", () => {
  it("STATS COUNT_DISTINCT … BY with a threshold WHERE after it", () => {
    const text = fixture("golden_esql_distinct_users_threshold.toml");
    const sentinel = kql(text);
    expect(sentinel).toBe(`SigninLogs
| where TimeGenerated > ago(30m)
| where (isnotempty(Category) and Category == "SignInLogs") and (isnotempty(ResultType) and ResultType != "0") and isnotempty(IPAddress)
| summarize Esql_user_count = dcountif(UserPrincipalName, isnotempty(UserPrincipalName)), Esql_event_count = count() by source_ip = IPAddress
| where Esql_user_count >= 10 and Esql_event_count > 20
| project source_ip, Esql_user_count, Esql_event_count`);
    const splunk = spl(text);
    expect(splunk).toBe(`sourcetype="azure:monitor:aad" category=SignInLogs earliest=-30m
| where (isnotnull('category') AND 'category'=="SignInLogs") AND (isnotnull('properties.status.errorCode') AND 'properties.status.errorCode'!="0") AND isnotnull('properties.ipAddress')
| eval source_ip=coalesce('properties.ipAddress', "")
| stats dc(properties.userPrincipalName) as Esql_user_count, count as Esql_event_count by source_ip
| eval source_ip=if(source_ip=="", null(), source_ip)
| where Esql_user_count>=10 AND Esql_event_count>20
| fields source_ip, Esql_user_count, Esql_event_count`);

    // Meaning: the distinct count is a distinct count of the user, grouped by the address, and
    // both thresholds apply after the aggregation with their own operators.
    expect(sentinel).toMatch(/Esql_user_count = dcountif\(UserPrincipalName,/);
    expect(sentinel).not.toMatch(/Esql_user_count = count/);
    expect(splunk).toMatch(/dc\(properties\.userPrincipalName\) as Esql_user_count/);
    for (const query of [sentinel, splunk]) {
      const lines = query.split("\n");
      const aggregation = lines.findIndex((line) => /summarize|stats/.test(line));
      const threshold = lines.findIndex((line) =>
        /Esql_user_count ?>= ?10 (and|AND) Esql_event_count ?> ?20/.test(line),
      );
      expect(threshold).toBeGreaterThan(aggregation);
    }
  });

  it("EVAL CASE, with null conditions dropping to the default as ES|QL's do", () => {
    const text = fixture("golden_esql_eval_case.toml");
    const sentinel = kql(text);
    expect(sentinel)
      .toBe(`union SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs
| where TimeGenerated > ago(1h)
| where isnotempty(UserPrincipalName)
| extend Esql_device_code = case((isnotempty(AuthenticationProtocol) and AuthenticationProtocol == "deviceCode") and (isnotempty(AuthenticationRequirement) and AuthenticationRequirement != "multiFactorAuthentication"), 1, 0)
| summarize Esql_device_code_count = sum(Esql_device_code), Esql_address_count = dcountif(IPAddress, isnotempty(IPAddress)) by azure_signinlogs_properties_user_principal_name = UserPrincipalName
| where (isnotnull(Esql_device_code_count) and Esql_device_code_count > 0) and Esql_address_count >= 2`);
    const splunk = spl(text);
    expect(splunk)
      .toBe(`sourcetype="azure:monitor:aad" category IN (SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs) earliest=-1h
| where isnotnull('properties.userPrincipalName')
| eval Esql_device_code=case((isnotnull('properties.authenticationProtocol') AND 'properties.authenticationProtocol'=="deviceCode") AND (isnotnull('properties.authenticationRequirement') AND 'properties.authenticationRequirement'!="multiFactorAuthentication"), 1, true(), 0)
| eval azure_signinlogs_properties_user_principal_name=coalesce('properties.userPrincipalName', "")
| stats sum(Esql_device_code) as Esql_device_code_count, dc(properties.ipAddress) as Esql_address_count by azure_signinlogs_properties_user_principal_name
| eval azure_signinlogs_properties_user_principal_name=if(azure_signinlogs_properties_user_principal_name=="", null(), azure_signinlogs_properties_user_principal_name)
| where (isnotnull(Esql_device_code_count) AND Esql_device_code_count>0) AND Esql_address_count>=2`);

    // Meaning: `!=` on a missing requirement is null in ES|QL, so the row goes to the default;
    // the queries must not let a missing value count as "not MFA".
    expect(sentinel).toContain(
      'isnotempty(AuthenticationRequirement) and AuthenticationRequirement != "multiFactorAuthentication"',
    );
    expect(splunk).toContain(
      "isnotnull('properties.authenticationRequirement') AND 'properties.authenticationRequirement'!=\"multiFactorAuthentication\"",
    );
  });

  it("a DATE_TRUNC bucket and a DATE_DIFF in whole seconds", () => {
    const text = fixture("golden_esql_date_trunc_bucket.toml");
    const sentinel = kql(text);
    expect(sentinel).toBe(`AuditLogs
| where TimeGenerated > ago(1h)
| where (isnotempty(OperationName) and OperationName == "Register device") and isnotempty(tostring(InitiatedBy.user.userPrincipalName))
| extend Esql_window = bin(TimeGenerated, 15m)
| summarize Esql_devices = dcountif(tostring(TargetResources[0].displayName), isnotempty(tostring(TargetResources[0].displayName))), Esql_first = min(TimeGenerated), Esql_last = max(TimeGenerated) by azure_auditlogs_properties_initiated_by_user_userPrincipalName = tostring(InitiatedBy.user.userPrincipalName), Esql_window
| extend Esql_seconds = tolong((Esql_last - Esql_first) / 1s)
| where Esql_devices >= 3 and (isnotnull(Esql_seconds) and Esql_seconds <= 600)`);
    const splunk = spl(text);
    expect(splunk).toBe(`sourcetype="azure:monitor:aad" category=AuditLogs earliest=-1h
| eval target_resources_0_display_name=spath(mvindex(spath(_raw, "properties.targetResources{}"), 0), "displayName")
| where (isnotnull('operationName') AND 'operationName'=="Register device") AND isnotnull('properties.initiatedBy.user.userPrincipalName')
| eval Esql_window=(floor(_time / 900) * 900)
| eval azure_auditlogs_properties_initiated_by_user_userPrincipalName=coalesce('properties.initiatedBy.user.userPrincipalName', "")
| stats dc(target_resources_0_display_name) as Esql_devices, min(_time) as Esql_first, max(_time) as Esql_last by azure_auditlogs_properties_initiated_by_user_userPrincipalName, Esql_window
| eval azure_auditlogs_properties_initiated_by_user_userPrincipalName=if(azure_auditlogs_properties_initiated_by_user_userPrincipalName=="", null(), azure_auditlogs_properties_initiated_by_user_userPrincipalName)
| eval Esql_seconds=if(Esql_last >= Esql_first, floor((Esql_last - Esql_first) / 1), ceiling((Esql_last - Esql_first) / 1))
| where Esql_devices>=3 AND (isnotnull(Esql_seconds) AND Esql_seconds<=600)`);

    // Meaning: the bucket is the epoch-aligned 15-minute window ES|QL's DATE_TRUNC makes, and it
    // is a grouping key, not a filter.
    expect(sentinel).toMatch(/by .*, Esql_window$/m);
    expect(splunk).toMatch(/stats .* by .*, Esql_window$/m);
    expect(convertElasticRule(text, "splunk").notes).toContain(
      "Schedule: run it every 15m with a look-back of 1h (the Elastic rule's interval and look-back); the query reads the events of that look-back, as each run of the rule does.",
    );
  });
});

describe("ES|QL meaning", () => {
  it("drops rows where != meets a missing value, where kuery's not would keep them", () => {
    const query = kql(
      esqlRule(
        'FROM logs-azure.signinlogs-*\n| WHERE user_agent.original != "curl" AND NOT azure.signinlogs.properties.app_id == "x"',
      ),
    );
    expect(query).toContain(
      '| where (isnotempty(UserAgent) and UserAgent != "curl") and (isnotempty(AppId) and AppId != "x")',
    );
  });

  it("compares numbers with the sign-in's error code, which Sentinel keeps as text", () => {
    expect(
      kql(
        esqlRule(
          "FROM logs-azure.signinlogs-*\n| WHERE azure.signinlogs.properties.status.error_code IN (50053, 50126)",
        ),
      ),
    ).toContain("toreal(ResultType) in (50053, 50126)");
  });

  it("substitutes a known network name through the number the sign-in records, and warns", () => {
    const text = esqlRule(
      'FROM logs-azure.signinlogs-*\n| WHERE source.`as`.organization.name != "MICROSOFT-CORP-MSN-AS-BLOCK"',
    );
    const result = convertElasticRule(text, "sentinel");
    expect(result.query).toContain(
      'not(AutonomousSystemNumber in ("8068", "8069", "8070", "8071", "8072", "8073", "8074", "8075"))',
    );
    expect(result.warnings).toEqual([expect.stringMatching(/the query matches the networks ARIN's registry names/)]);
  });

  it("leaves out a column that only shows context when a SIEM has no field for it, with a note", () => {
    const result = convertElasticRule(
      esqlRule(
        "FROM logs-azure.signinlogs-*\n| STATS Esql.messages = VALUES(message), Esql.count = COUNT(*) BY azure.signinlogs.properties.user_id\n| WHERE Esql.count > 5",
      ),
      "sentinel",
    );
    expect(result.query).not.toContain("message");
    expect(result.notes).toContain(
      "The column Esql.messages, which only shows context, is left out: the Elastic field 'message' of the azure/signins log source: Elastic's message joins the failure reason and its details, which the other SIEMs keep apart.",
    );
    expect(result.warnings).toEqual([]);
  });

  it("refuses, naming it, a field that decides which rows alert when a SIEM has no field for it", () => {
    expect(
      refusal(
        esqlRule("FROM logs-azure.signinlogs-*\n| STATS Esql.count = COUNT(*) BY message\n| WHERE Esql.count > 5"),
      ),
    ).toMatch(/the Elastic field 'message' of the azure\/signins log source/);
  });

  it.each([
    ["a command", "FROM logs-azure.signinlogs-* | LOOKUP JOIN hosts ON source.ip", /the ES\|QL command LOOKUP/],
    [
      "a function",
      "FROM logs-azure.signinlogs-* | EVAL x = ST_X(source.geo.location) | WHERE x > 1",
      /ST_X|source\.geo\.location/,
    ],
    ["an aggregation", "FROM logs-azure.signinlogs-* | STATS m = MEDIAN(event.duration) | WHERE m > 1", /MEDIAN/],
    ["a calendar span", "FROM logs-azure.signinlogs-* | WHERE @timestamp > NOW() - 1 month", /a time span in months/],
    [
      "a FROM over several data sets",
      'FROM logs-azure.signinlogs-*, logs-azure.auditlogs-* | WHERE event.action == "x"',
      /several data sets \(azure\.signinlogs, azure\.auditlogs\)/,
    ],
  ])("refuses %s by name", (_name, query, message) => {
    expect(refusal(esqlRule(query))).toMatch(message);
    expect(refusal(esqlRule(query), "splunk")).toMatch(message);
  });
});

describe("parseEsql", () => {
  it("reads commands, backquoted fields, spans and unnamed aggregations", () => {
    expect(
      parseEsql(
        'from logs-azure.auditlogs-* metadata _id // the index\n| where `azure.auditlogs.properties.target_resources.0.display_name` like "DESKTOP-*"\n| stats count(*) by bucket = date_trunc(15 minutes, @timestamp)',
      ),
    ).toEqual([
      { kind: "from", sources: ["logs-azure.auditlogs-*"] },
      {
        kind: "where",
        condition: {
          kind: "like",
          value: { kind: "field", name: "azure.auditlogs.properties.target_resources.0.display_name" },
          pattern: "DESKTOP-*",
        },
      },
      {
        kind: "stats",
        aggregations: [{ name: "count(*)", expression: { kind: "call", name: "count", args: [], star: true } }],
        by: [
          {
            name: "bucket",
            expression: {
              kind: "call",
              name: "date_trunc",
              args: [
                { kind: "span", amount: 15, unit: "minute" },
                { kind: "field", name: "@timestamp" },
              ],
            },
          },
        ],
      },
    ]);
  });
});
