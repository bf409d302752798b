import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  convertElasticRule,
  InvalidElasticRuleError,
  UnsupportedConstructError,
  type ConversionBackend,
} from "@/lib/detections/convert";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";

const fixtures = path.join(import.meta.dirname, "fixtures", "elastic");
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), "utf8");

const DISTINCT_COUNT_NOTE =
  "Distinct counts are estimates (dcount() in Sentinel, COUNT_DISTINCT in Elastic); small counts such as thresholds are exact or within a fraction of a per cent.";
const THRESHOLD_NOTE =
  "Schedule: run it every 5m with a look-back of 30m (the Elastic rule's interval and look-back); the query counts the events of that look-back, as each run of the rule does.";
const NEW_TERMS_NOTE =
  "New terms: a combination of UserPrincipalName, AppId counts as new when it was not seen in the 14d before the rule's look-back. The query reads the last 14d and keeps the combinations first seen in the last 9m, so run it every 9m.";

/**
 * The expected queries for the Elastic-format fixtures, written out by hand. Elastic compares
 * keywords exactly, so the queries do too: `==`, `in`, `*_cs` in KQL; in SPL a case-insensitive
 * search narrows the events and `where` compares exactly.
 */
const GOLDEN = [
  {
    name: "query on audit logs, with array elements, escaped quotes and a negated list",
    file: "entra_audit_role_member_added_query.toml",
    sentinel: `AuditLogs
| where OperationName == "Add member to role" and Result in ("success", "Success") and tostring(InitiatedBy.user.userPrincipalName) endswith_cs "@contoso.com" and not(Identity in ("MS-PIM", "Azure AD \\"Identity\\" Governance"))
| mv-apply TargetResource = todynamic(TargetResources) on (mv-apply ModifiedProperty = TargetResource.modifiedProperties on (where tostring(ModifiedProperty.newValue) contains_cs "Global Administrator") | take 1)
| project-away TargetResource, ModifiedProperty`,
    splunk: `sourcetype="azure:monitor:aad" category=AuditLogs operationName="Add member to role" properties.result IN ("success", "Success") properties.targetResources{}.modifiedProperties{}.newValue="*Global Administrator*" properties.initiatedBy.user.userPrincipalName="*@contoso.com"
| where 'operationName'=="Add member to role" AND in('properties.result', "success", "Success") AND isnotnull(mvfind('properties.targetResources{}.modifiedProperties{}.newValue', "Global Administrator")) AND match('properties.initiatedBy.user.userPrincipalName', "@contoso\\\\.com\\\\z") AND (isnull('identity') OR NOT (in('identity', "MS-PIM", "Azure AD \\"Identity\\" Governance")))`,
    sentinelWarnings: [],
    splunkWarnings: [],
    notes: [],
  },
  {
    name: "query on one sign-in category, with ranges, wildcards, escapes, a boolean and CIDR ranges under not",
    file: "entra_signin_noninteractive_failures_query.toml",
    sentinel: `AADNonInteractiveUserSignInLogs
| where not(ResultType == "0") and toreal(ResultType) >= 50053 and toreal(ResultType) < 50200 and (UserAgent in ("BAV2ROPC", "curl \\"7.x\\" C:\\\\tools") or UserAgent startswith_cs "python-requests/") and tobool(parse_json(DeviceDetail).isManaged) == false and (tostring(parse_json(DeviceDetail).displayName) == "WS(01)*" or (isnotempty(tostring(parse_json(DeviceDetail).displayName)) and not(tostring(parse_json(DeviceDetail).displayName) startswith_cs "LAB-"))) and not(coalesce(ipv4_is_in_range(IPAddress, "10.0.0.0/8") or ipv4_is_in_range(IPAddress, "192.168.0.0/16"), false))`,
    splunk: `sourcetype="azure:monitor:aad" category=NonInteractiveUserSignInLogs NOT properties.status.errorCode="0" properties.status.errorCode>=50053 properties.status.errorCode<50200 properties.deviceDetail.isManaged="false" NOT (properties.ipAddress="10.0.0.0/8" OR properties.ipAddress="192.168.0.0/16") (properties.userAgent IN ("BAV2ROPC", "curl \\"7.x\\" C:\\\\tools") OR properties.userAgent="python-requests/*")
| where (in('properties.userAgent', "BAV2ROPC", "curl \\"7.x\\" C:\\\\tools") OR match('properties.userAgent', "^python-requests/")) AND ('properties.deviceDetail.displayName'=="WS(01)*" OR (isnotnull('properties.deviceDetail.displayName') AND (isnull('properties.deviceDetail.displayName') OR NOT (match('properties.deviceDetail.displayName', "^LAB-")))))`,
    sentinelWarnings: [],
    splunkWarnings: [],
    notes: [],
  },
  {
    name: "threshold with a cardinality and a larger event count",
    file: "entra_signin_lockout_spray_threshold.toml",
    sentinel: `SigninLogs
| where TimeGenerated > ago(30m)
| where not(ResultType == "0") and ResultType == "50053"
| summarize ValueCount = dcountif(UserPrincipalName, isnotempty(UserPrincipalName)), EventCount = count() by IPAddress
| where ValueCount >= 10 and EventCount >= 30`,
    splunk: `sourcetype="azure:monitor:aad" category=SignInLogs earliest=-30m NOT properties.status.errorCode="0" properties.status.errorCode="50053"
| stats dc(properties.userPrincipalName) as value_count, count as event_count by properties.ipAddress
| where value_count >= 10 AND event_count >= 30`,
    sentinelWarnings: [],
    splunkWarnings: [],
    notes: [THRESHOLD_NOTE, DISTINCT_COUNT_NOTE],
    splunkNotes: [THRESHOLD_NOTE],
  },
  {
    name: "new_terms over every sign-in category",
    file: "entra_signin_new_app_for_member_new_terms.toml",
    sentinel: `union SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs
| where TimeGenerated > ago(14d)
| where ResultType == "0" and UserType == "Member" and not(AppId in ("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "00000006-0000-0ff1-ce00-000000000000"))
| where isnotempty(UserPrincipalName) and isnotempty(AppId)
| summarize FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), Events = count() by UserPrincipalName, AppId
| where FirstSeen > ago(9m)`,
    splunk: `sourcetype="azure:monitor:aad" category IN (SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs) earliest=-14d properties.status.errorCode="0" properties.userType="Member"
| where 'properties.userType'=="Member" AND (isnull('properties.appId') OR NOT (in('properties.appId', "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "00000006-0000-0ff1-ce00-000000000000")))
| stats min(_time) as first_seen, max(_time) as last_seen, count as events by properties.userPrincipalName, properties.appId
| where first_seen >= relative_time(now(), "-9m")`,
    sentinelWarnings: [],
    splunkWarnings: [],
    notes: [NEW_TERMS_NOTE],
  },
];

beforeAll(() => {
  kustoDiagnostics("print 1");
}, 60_000);

describe("Elastic rules in Sentinel and Splunk", () => {
  it.each(GOLDEN)("$name", ({ file, sentinel, splunk, sentinelWarnings, splunkWarnings, notes, splunkNotes }) => {
    const text = fixture(file);
    expect(convertElasticRule(text, "sentinel")).toEqual({
      backend: "sentinel",
      language: "KQL",
      query: sentinel,
      warnings: sentinelWarnings,
      notes,
    });
    expect(convertElasticRule(text, "splunk")).toEqual({
      backend: "splunk",
      language: "SPL",
      query: splunk,
      warnings: splunkWarnings,
      notes: splunkNotes ?? notes,
    });
    expect(kustoDiagnostics(sentinel)).toEqual([]);
  });

  it("keeps the rule's own query on Elastic, saying what Elastic adds to it", () => {
    const threshold = fixture("entra_signin_lockout_spray_threshold.toml");
    expect(convertElasticRule(threshold, "elastic")).toEqual({
      backend: "elastic",
      language: "kuery",
      query:
        "data_stream.dataset:azure.signinlogs and azure.signinlogs.category:SignInLogs and event.outcome:failure\n  and azure.signinlogs.properties.status.error_code:50053",
      warnings: [],
      notes: [
        "The rule's own Elastic query, as its author wrote it; Elastic applies the rule's threshold to its results.",
      ],
    });
    expect(convertElasticRule(fixture("entra_signin_device_code_then_registration_eql.toml"), "elastic")).toMatchObject(
      { language: "eql", query: expect.stringMatching(/^sequence by user\.name/) },
    );
  });
});

/** A kuery rule written for one test: `query`, with the TOML of any other [rule] settings. */
function kueryRule(query: string, settings = 'type = "query"\nindex = ["logs-azure.signinlogs-*"]'): string {
  return `[rule]
name = "Rule under test"
rule_id = "0b6f3a52-7c1d-4e8a-9f2b-3c4d5e6f7a8b"
risk_score = 21
language = "kuery"
query = '''
${query}
'''
${settings}
`;
}

function refusal(ruleText: string, backend: ConversionBackend = "sentinel") {
  try {
    convertElasticRule(ruleText, backend);
  } catch (error) {
    if (error instanceof UnsupportedConstructError) return { construct: error.construct, message: error.message };
    throw error;
  }
  throw new Error("expected an UnsupportedConstructError");
}

/** The Sentinel query, which must also pass the Kusto parser check. */
function kql(ruleText: string): string {
  const query = convertElasticRule(ruleText, "sentinel").query;
  expect(kustoDiagnostics(query)).toEqual([]);
  return query;
}

describe("reading Elastic rules", () => {
  it("takes the data set from the index patterns when the query names none, and a category from the query", () => {
    expect(kql(kueryRule("azure.signinlogs.category:SignInLogs and azure.signinlogs.properties.app_id:abc")))
      .toBe(`SigninLogs
| where AppId == "abc"`);
  });

  it("drops conditions every event of the data set meets, and reads derived values back", () => {
    expect(
      kql(
        kueryRule(
          'event.category:"authentication" and event.outcome:(success or Success) and azure.signinlogs.properties.user_type:Member',
        ),
      ),
    )
      .toBe(`union SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs
| where ResultType == "0" and UserType == "Member"`);
  });

  it("reads field:* as the field existing, and a nested query of one comparison as a test on any element", () => {
    expect(
      kql(
        kueryRule(
          'azure.signinlogs.properties.device_detail.browser:* and azure.signinlogs.properties.authentication_details:{ authentication_method:"Password" }',
        ),
      ),
    )
      .toBe(`union SigninLogs, (AADNonInteractiveUserSignInLogs | extend DeviceDetail = todynamic(DeviceDetail)), AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs
| where isnotempty(tostring(DeviceDetail.browser))
| mv-apply AuthenticationDetail = todynamic(AuthenticationDetails) on (where tostring(AuthenticationDetail.authenticationMethod) == "Password" | take 1)
| project-away AuthenticationDetail`);
  });

  it("converts columns a union member keeps as text before the union", () => {
    const query = kql(kueryRule("azure.signinlogs.properties.device_detail.operating_system:Linux"));
    expect(query.split("\n")[0]).toBe(
      "union SigninLogs, (AADNonInteractiveUserSignInLogs | extend DeviceDetail = todynamic(DeviceDetail)), AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs",
    );
    expect(kustoDiagnostics(query)).toEqual([]);
  });

  it("reads both Entra ID Protection categories as one union", () => {
    const query = kql(
      kueryRule(
        'event.action:("User Risk Detection" or "Risky user") and not azure.identityprotection.properties.risk_state:(remediated or dismissed)',
        'type = "query"\nindex = ["logs-azure.identity_protection-*"]',
      ),
    );
    expect(query).toBe(`union AADUserRiskEvents, AADRiskyUsers
| where OperationName in ("User Risk Detection", "Risky user") and not(RiskState in ("remediated", "dismissed"))`);
    expect(kustoDiagnostics(query)).toEqual([]);
  });

  it("reads a field named by position as that position", () => {
    const text = kueryRule(
      'event.action:"Add device" and azure.auditlogs.properties.target_resources.0.modified_properties.3.new_value:*Build*',
      'type = "query"\nindex = ["logs-azure.auditlogs-*"]',
    );
    expect(kql(text)).toBe(`AuditLogs
| where OperationName == "Add device" and tostring(TargetResources[0].modifiedProperties[3].newValue) contains_cs "Build"`);
    expect(convertElasticRule(text, "splunk").query)
      .toBe(`sourcetype="azure:monitor:aad" category=AuditLogs operationName="Add device"
| eval target_resources_0_modified_properties_3_new_value=spath(mvindex(spath(mvindex(spath(_raw, "properties.targetResources{}"), 0), "modifiedProperties{}"), 3), "newValue")
| where 'operationName'=="Add device" AND match('target_resources_0_modified_properties_3_new_value', "Build")`);
  });

  it("reads one data set of several when the query's other fields rule out the others' events", () => {
    const text = kueryRule(
      "data_stream.dataset:(azure.activitylogs or azure.signinlogs) and (azure.signinlogs.properties.authentication_protocol:deviceCode or azure.activitylogs.properties.authentication_protocol:deviceCode) and azure.signinlogs.properties.user_type:*",
      'type = "query"\nindex = ["logs-azure.signinlogs-*", "logs-azure.activitylogs-*"]',
    );
    expect(kql(text))
      .toBe(`union SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs
| where AuthenticationProtocol == "deviceCode" and isnotempty(UserType)`);
  });

  it("reads field:* on a list Sentinel keeps as JSON text as non-empty and not the empty list", () => {
    expect(
      kql(
        kueryRule(
          "azure.signinlogs.category:SignInLogs and azure.signinlogs.properties.risk_event_types_v2:* and not azure.signinlogs.properties.risk_event_types:*",
        ),
      ),
    ).toBe(`SigninLogs
| where (isnotempty(tostring(RiskEventTypes_V2)) and tostring(RiskEventTypes_V2) != "[]") and (isempty(tostring(RiskEventTypes)) or tostring(RiskEventTypes) == "[]")`);
  });

  it("expresses a known network name through the network number the sign-in records, and says so", () => {
    const text = kueryRule(
      'azure.signinlogs.category:SignInLogs and event.outcome:failure and not source.as.organization.name:"MICROSOFT-CORP-MSN-as-BLOCK"',
    );
    const sentinel = convertElasticRule(text, "sentinel");
    expect(sentinel.query).toBe(`SigninLogs
| where not(ResultType == "0") and not(AutonomousSystemNumber in ("8068", "8069", "8070", "8071", "8072", "8073", "8074", "8075"))`);
    expect(kustoDiagnostics(sentinel.query)).toEqual([]);
    expect(sentinel.warnings).toEqual([
      'Elastic matches the name its GeoIP database gives the address\'s network (source.as.organization.name "MICROSOFT-CORP-MSN-as-BLOCK"); the query matches the networks ARIN\'s registry names MICROSOFT-CORP-MSN-AS-BLOCK (AS 8068-8075) by the network number Entra ID records for the sign-in (AutonomousSystemNumber). Elastic compares the name exactly, and the database writes it "MICROSOFT-CORP-MSN-AS-BLOCK".',
    ]);
    expect(convertElasticRule(text, "splunk").query).toBe(
      'sourcetype="azure:monitor:aad" category=SignInLogs NOT properties.status.errorCode="0" NOT properties.autonomousSystemNumber IN ("8068", "8069", "8070", "8071", "8072", "8073", "8074", "8075")',
    );
  });

  it("derives Elastic's user.name from the user principal name as its pipeline does", () => {
    const text = kueryRule(
      "azure.signinlogs.category:SignInLogs and event.outcome:failure",
      'type = "threshold"\nindex = ["logs-azure.signinlogs-*"]\nfrom = "now-30m"\ninterval = "10m"\n\n[rule.threshold]\nfield = []\nvalue = 30\n\n[[rule.threshold.cardinality]]\nfield = "user.name"\nvalue = 25',
    );
    expect(kql(text)).toBe(`SigninLogs
| where TimeGenerated > ago(30m)
| where not(ResultType == "0")
| summarize ValueCount = dcountif(coalesce(extract(@"([a-zA-Z0-9._-]+)@[0-9A-Za-z]", 1, UserPrincipalName), UserPrincipalName), isnotempty(coalesce(extract(@"([a-zA-Z0-9._-]+)@[0-9A-Za-z]", 1, UserPrincipalName), UserPrincipalName))), EventCount = count()
| where ValueCount >= 25 and EventCount >= 30`);
    const splunk = convertElasticRule(text, "splunk");
    expect(splunk.query)
      .toBe(`sourcetype="azure:monitor:aad" category=SignInLogs earliest=-30m NOT properties.status.errorCode="0"
| rex field=properties.userPrincipalName "(?<user_name_from_upn>[a-zA-Z0-9._-]+)@[0-9A-Za-z]"
| eval user_name_from_upn=coalesce(user_name_from_upn, 'properties.userPrincipalName')
| stats dc(user_name_from_upn) as value_count, count as event_count
| where value_count >= 25 AND event_count >= 30`);
    expect(splunk.notes[0]).toBe(
      "Schedule: run it every 10m with a look-back of 30m (the Elastic rule's interval and look-back); the query counts the events of that look-back, as each run of the rule does.",
    );
  });

  it("reads a flattened list of key/value pairs by its values, and grant controls element by element", () => {
    const text = kueryRule(
      'azure.signinlogs.category:SignInLogs and azure.signinlogs.properties.authentication_processing_details:*adrs_access* and azure.signinlogs.properties.applied_conditional_access_policies.enforced_grant_controls:"Mfa"',
    );
    expect(kql(text)).toBe(`SigninLogs
| mv-apply AuthenticationProcessingDetail = todynamic(AuthenticationProcessingDetails) on (where tostring(AuthenticationProcessingDetail.value) contains_cs "adrs_access" | take 1)
| mv-apply ConditionalAccessPolicy = todynamic(ConditionalAccessPolicies) on (mv-apply GrantControl = ConditionalAccessPolicy.enforcedGrantControls on (where tostring(GrantControl) == "Mfa") | take 1)
| project-away AuthenticationProcessingDetail, ConditionalAccessPolicy, GrantControl`);
    expect(convertElasticRule(text, "splunk").query)
      .toBe(`sourcetype="azure:monitor:aad" category=SignInLogs properties.authenticationProcessingDetails{}.value="*adrs_access*" properties.appliedConditionalAccessPolicies{}.enforcedGrantControls{}="Mfa"
| where isnotnull(mvfind('properties.authenticationProcessingDetails{}.value', "adrs_access")) AND isnotnull(mvfind('properties.appliedConditionalAccessPolicies{}.enforcedGrantControls{}', "^Mfa\\\\z"))`);
  });

  it("writes a threshold without a cardinality as an event count over the rule's look-back", () => {
    const text = kueryRule(
      "event.outcome:failure",
      'type = "threshold"\nindex = ["logs-azure.signinlogs-*"]\nfrom = "now-1h"\n\n[rule.threshold]\nfield = ["source.ip", "azure.signinlogs.properties.app_id"]\nvalue = 100',
    );
    expect(kql(text))
      .toBe(`union SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs
| where TimeGenerated > ago(1h)
| where not(ResultType == "0")
| summarize EventCount = count() by IPAddress, AppId
| where EventCount >= 100`);
    expect(convertElasticRule(text, "splunk").query)
      .toBe(`sourcetype="azure:monitor:aad" category IN (SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs) earliest=-1h NOT properties.status.errorCode="0"
| stats count as event_count by properties.ipAddress, properties.appId
| where event_count >= 100`);
    expect(convertElasticRule(text, "splunk").notes).toEqual([
      "Schedule: run it every 5m with a look-back of 1h (the Elastic rule's interval and look-back); the query counts the events of that look-back, as each run of the rule does.",
    ]);
  });
});

describe("Elastic rules the other SIEMs cannot express", () => {
  it.each<[string, string, RegExp]>([
    [
      "an EQL sequence joined on a field one step's log source does not record",
      fixture("entra_signin_device_code_then_registration_eql.toml"),
      /joining the steps of a sequence on the Elastic field 'user\.name': it has no mapping to a field of the azure\/auditlogs log source/,
    ],
    [
      "an ES|QL command with no equal",
      kueryRule('FROM logs-azure.signinlogs-* | ENRICH hosts ON source.ip | WHERE event.outcome == "failure"')
        .replace('language = "kuery"', 'language = "esql"')
        .replace('type = "query"', 'type = "esql"'),
      /cannot express the ES\|QL command ENRICH/,
    ],
    [
      "a Lucene rule",
      kueryRule("x:y").replace('language = "kuery"', 'language = "lucene"'),
      /a rule written in Lucene query syntax/,
    ],
    [
      "a machine learning rule",
      kueryRule("x:y", 'type = "threat_match"'),
      /cannot express a threat_match rule: only query, threshold and new_terms rules/,
    ],
    ["a free-text search", kueryRule('"Add member to role"'), /a free-text search/],
    [
      "several data sets",
      kueryRule("data_stream.dataset:(azure.activitylogs or azure.signinlogs) and event.outcome:success"),
      /a rule over several data sets \(azure\.activitylogs, azure\.signinlogs\)/,
    ],
    [
      "no data set",
      kueryRule("event.outcome:success", 'type = "query"\nindex = ["filebeat-*"]'),
      /a rule that names no data set/,
    ],
    [
      "a data set no table maps",
      kueryRule("event.dataset:aws.cloudtrail and event.action:x"),
      /the data set 'aws\.cloudtrail': no log source of the other SIEMs is mapped for it/,
    ],
    [
      "an ECS field the SIEMs lack, for a network not known by number",
      kueryRule("not source.as.organization.name:*MICROSOFT*"),
      /the value "\*MICROSOFT\*" of the Elastic field 'source\.as\.organization\.name': Elastic adds the name of the address's network owner from its GeoIP database; .*only the names of known networks \(MICROSOFT-CORP-MSN-AS-BLOCK\)/,
    ],
    [
      "a field no table maps",
      kueryRule(
        "azure.auditlogs.properties.target_resources.0.modified_properties.3.value:x",
        'type = "query"\nindex = ["logs-azure.auditlogs-*"]',
      ),
      /the Elastic field 'azure\.auditlogs\.properties\.target_resources\.0\.modified_properties\.3\.value' of the azure\/auditlogs log source: it has no mapping/,
    ],
    ["a wildcard over a derived value", kueryRule("event.outcome:succ*"), /a wildcard value of 'event\.outcome'/],
    ["a query no event can meet", kueryRule("event.outcome:Success"), /a query that can match no event/],
    [
      "conditions on one nested element",
      kueryRule("a:{ b:1 and c:2 }"),
      /conditions that must hold for one element of the nested field 'a'/,
    ],
    [
      "a range over text",
      kueryRule('azure.signinlogs.properties.user_principal_name > "m"'),
      /only numeric ranges on a mapped field/,
    ],
    [
      "new terms of a field the integration derives from another",
      kueryRule(
        "event.outcome:success",
        'type = "new_terms"\nindex = ["logs-azure.signinlogs-*"]\n\n[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["event.outcome"]\n\n[[rule.new_terms.history_window_start]]\nfield = "history_window_start"\nvalue = "now-7d"',
      ),
      /looking for new values of the Elastic field 'event\.outcome': the integration derives it/,
    ],
    [
      "a look-back in months",
      kueryRule(
        "event.outcome:success",
        'type = "threshold"\nindex = ["logs-azure.signinlogs-*"]\nfrom = "now-1M"\n\n[rule.threshold]\nfield = []\nvalue = 5',
      ),
      /the from "now-1M": only now-<n> with s, m, h or d/,
    ],
  ])("refuses %s, naming it", (_name, text, message) => {
    for (const backend of ["sentinel", "splunk"] as const) expect(refusal(text, backend).message).toMatch(message);
  });

  it("reports a rule that is not a readable Elastic rule", () => {
    expect(() => convertElasticRule("not = [toml", "sentinel")).toThrow(InvalidElasticRuleError);
    expect(() => convertElasticRule(kueryRule("a:(b or"), "splunk")).toThrow(/its query does not parse: Expected/);
    expect(() =>
      convertElasticRule(
        kueryRule("event.outcome:success", 'type = "threshold"\nindex = ["logs-azure.signinlogs-*"]'),
        "sentinel",
      ),
    ).toThrow(/needs a \[rule\.threshold\] table/);
  });
});
