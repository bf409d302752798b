import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { convertElasticRule, UnsupportedConstructError } from "@/lib/detections/convert";
import { parseEql } from "@/lib/detections/convert/eql";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", "elastic", name), "utf8");

/** An eql rule written for one test. */
function eqlRule(query: string, index = '["logs-azure.signinlogs-*", "logs-azure.auditlogs-*"]'): string {
  return `[rule]
name = "EQL rule under test"
rule_id = "6e2d1c0b-3f4a-4b5c-9d0e-1f2a3b4c5d6e"
risk_score = 21
type = "eql"
language = "eql"
from = "now-15m"
index = ${index}
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

function refusal(text: string, backend: "sentinel" | "splunk" = "sentinel"): string {
  try {
    convertElasticRule(text, backend);
  } catch (error) {
    if (error instanceof UnsupportedConstructError) return error.message;
    throw error;
  }
  throw new Error("expected an UnsupportedConstructError");
}

/** The order of the steps and the span a KQL sequence checks, read back from its joins. */
function joinConditions(query: string): string[] {
  return query
    .split("\n")
    .filter((line) => line.startsWith("| where Step"))
    .map((line) => line.slice("| where ".length));
}

beforeAll(() => {
  kustoDiagnostics("print 1");
}, 60_000);

describe("EQL golden queries", () => {
  it("a two-step sequence across sign-in and audit logs, with per-step keys and a span", () => {
    const text = fixture("golden_eql_signin_then_audit.toml");
    const sentinel = kql(text);
    expect(sentinel).toBe(`let Step1 = AADNonInteractiveUserSignInLogs
    | where TimeGenerated > ago(20m)
    | where IncomingTokenType == "refreshToken"
    | project Step1Time = TimeGenerated, UserId
    | where isnotempty(UserId);
let Step2 = AuditLogs
    | where TimeGenerated > ago(20m)
    | where OperationName =~ "register DEVICE"
    | project Step2Time = TimeGenerated, UserId = tostring(InitiatedBy.user.id)
    | where isnotempty(UserId);
Step1
| join kind=inner Step2 on UserId
| where Step2Time >= Step1Time and Step2Time - Step1Time <= 10m
| project UserId, Step1Time, Step2Time`);
    const splunk = convertElasticRule(text, "splunk").query;
    expect(splunk)
      .toBe(`(sourcetype="azure:monitor:aad" category=NonInteractiveUserSignInLogs) OR (sourcetype="azure:monitor:aad" category=AuditLogs) earliest=-20m
| eval seq_step=mvappend(if(searchmatch("sourcetype=\\"azure:monitor:aad\\" category=NonInteractiveUserSignInLogs") AND ('properties.incomingTokenType'=="refreshToken"), 1, null()), if(searchmatch("sourcetype=\\"azure:monitor:aad\\" category=AuditLogs") AND (lower('operationName')=="register device"), 2, null()))
| where isnotnull(seq_step)
| eval seq_event=md5(_raw)
| mvexpand seq_step
| eval seq_key=case(seq_step==1, 'properties.userId', seq_step==2, 'properties.initiatedBy.user.id')
| where isnotnull(seq_key)
| sort 0 _time, seq_event, -seq_step
| eval seq_start_1=if(seq_step==1, _time, null())
| streamstats current=f max(seq_start_1) as seq_chain_1 by seq_key
| eval seq_start_2=if(seq_step==2 AND isnotnull(seq_chain_1) AND _time - seq_chain_1 <= 600, seq_chain_1, null())
| where isnotnull(seq_start_2)
| eval sequence_start=strftime(seq_start_2, "%Y-%m-%dT%H:%M:%S%z")
| table _time, seq_key, sequence_start`);

    // Meaning: each step reads its own table with its own key, the audit step comes after the
    // sign-in, within the span of the first; `:` compares without regard to case, `==` exactly.
    expect(sentinel).toMatch(/let Step1 = AADNonInteractiveUserSignInLogs[\s\S]*let Step2 = AuditLogs/);
    expect(joinConditions(sentinel)).toEqual(["Step2Time >= Step1Time and Step2Time - Step1Time <= 10m"]);
    expect(sentinel).toContain("UserId = tostring(InitiatedBy.user.id)");
    expect(sentinel).toContain('IncomingTokenType == "refreshToken"');
    expect(sentinel).toContain('OperationName =~ "register DEVICE"');
    expect(splunk).toContain("_time - seq_chain_1 <= 600");
    expect(splunk).not.toMatch(/\btransaction\b/);
    expect(convertElasticRule(text, "sentinel").notes[0]).toBe(
      "Schedule: run it every 5m with a look-back of 20m (the Elastic rule's interval and look-back); the query reads the steps' events of that look-back; a sequence needs a look-back of at least its maxspan plus the interval (15m here).",
    );
  });

  it("a three-step sequence on one key, each step a different event", () => {
    const text = fixture("golden_eql_three_audit_steps.toml");
    const sentinel = kql(text);
    expect(sentinel).toBe(`let Step1 = AuditLogs
    | where TimeGenerated > ago(30m)
    | where OperationName == "Add device" and Identity == "Device Registration Service"
    | project Step1Time = TimeGenerated, Step1Event = hash_sha256(tostring(pack_all())), CorrelationId
    | where isnotempty(CorrelationId);
let Step2 = AuditLogs
    | where TimeGenerated > ago(30m)
    | where OperationName == "Add registered users to device"
    | project Step2Time = TimeGenerated, Step2Event = hash_sha256(tostring(pack_all())), CorrelationId
    | where isnotempty(CorrelationId);
let Step3 = AuditLogs
    | where TimeGenerated > ago(30m)
    | where OperationName == "Add registered owner to device" and Result == "success"
    | project Step3Time = TimeGenerated, Step3Event = hash_sha256(tostring(pack_all())), CorrelationId
    | where isnotempty(CorrelationId);
Step1
| join kind=inner Step2 on CorrelationId
| where Step2Time >= Step1Time and Step2Time - Step1Time <= 5m and Step2Event != Step1Event
| join kind=inner Step3 on CorrelationId
| where Step3Time >= Step2Time and Step3Time - Step1Time <= 5m and Step3Event != Step1Event and Step3Event != Step2Event
| project CorrelationId, Step1Time, Step2Time, Step3Time`);
    const splunk = convertElasticRule(text, "splunk").query;
    expect(splunk).toBe(`sourcetype="azure:monitor:aad" category=AuditLogs earliest=-30m
| eval seq_step=mvappend(if(searchmatch("sourcetype=\\"azure:monitor:aad\\" category=AuditLogs") AND ('operationName'=="Add device" AND 'identity'=="Device Registration Service"), 1, null()), if(searchmatch("sourcetype=\\"azure:monitor:aad\\" category=AuditLogs") AND ('operationName'=="Add registered users to device"), 2, null()), if(searchmatch("sourcetype=\\"azure:monitor:aad\\" category=AuditLogs") AND ('operationName'=="Add registered owner to device" AND 'properties.result'=="success"), 3, null()))
| where isnotnull(seq_step)
| eval seq_event=md5(_raw)
| mvexpand seq_step
| eval seq_key=case(seq_step==1, 'correlationId', seq_step==2, 'correlationId', seq_step==3, 'correlationId')
| where isnotnull(seq_key)
| sort 0 _time, seq_event, -seq_step
| eval seq_start_1=if(seq_step==1, _time, null())
| streamstats current=f max(seq_start_1) as seq_chain_1 by seq_key
| eval seq_start_2=if(seq_step==2 AND isnotnull(seq_chain_1) AND _time - seq_chain_1 <= 300, seq_chain_1, null())
| streamstats current=f max(seq_start_2) as seq_chain_2 by seq_key
| eval seq_start_3=if(seq_step==3 AND isnotnull(seq_chain_2) AND _time - seq_chain_2 <= 300, seq_chain_2, null())
| where isnotnull(seq_start_3)
| eval sequence_start=strftime(seq_start_3, "%Y-%m-%dT%H:%M:%S%z")
| table _time, seq_key, sequence_start`);

    // Meaning: steps in order 1, 2, 3; the span runs from the first step to the last; the join
    // is inner (every match, not only the first per key).
    expect(joinConditions(sentinel)).toEqual([
      "Step2Time >= Step1Time and Step2Time - Step1Time <= 5m and Step2Event != Step1Event",
      "Step3Time >= Step2Time and Step3Time - Step1Time <= 5m and Step3Event != Step1Event and Step3Event != Step2Event",
    ]);
    expect(sentinel.match(/join kind=inner/g)).toHaveLength(2);
    expect(splunk).toContain("seq_step==3 AND isnotnull(seq_chain_2) AND _time - seq_chain_2 <= 300");
  });
});

describe("EQL meaning", () => {
  it("reads a single-event query as a rule, keeping == exact and : case-insensitive", () => {
    expect(
      kql(
        eqlRule(
          'authentication where data_stream.dataset == "azure.signinlogs" and azure.signinlogs.category == "SignInLogs" and user_agent.original : "*python*" and azure.signinlogs.properties.app_id == "AbC"',
          '["logs-azure.signinlogs-*"]',
        ),
      ),
    ).toBe(`SigninLogs
| where UserAgent contains "python" and AppId == "AbC"`);
  });

  it("repeats a step for `with runs`, never joining an event with itself", () => {
    const query = kql(
      eqlRule(
        'sequence by azure.signinlogs.properties.user_id with maxspan=2m\n[authentication where data_stream.dataset == "azure.signinlogs" and azure.signinlogs.category == "SignInLogs" and event.outcome == "failure"] with runs=3',
        '["logs-azure.signinlogs-*"]',
      ),
    );
    expect(query.match(/^let Step\d = SigninLogs$/gm)).toHaveLength(3);
    expect(query).toContain("Step3Event != Step1Event and Step3Event != Step2Event");
  });

  it.each([
    [
      "until",
      "sequence by user.id [authentication where true] [authentication where true] until [authentication where true]",
      /a sequence with 'until'/,
    ],
    [
      "a missing-event step",
      "sequence by user.id with maxspan=1m [authentication where true] ![authentication where true]",
      /a missing-event step/,
    ],
    ["a function", 'authentication where startsWith(user.id, "a")', /the EQL construct startsWith\(\)/],
    ["a pipe", 'authentication where user.id == "a" | head 1', /the EQL construct pipe/],
  ])("refuses %s by name", (_name, query, message) => {
    const text = eqlRule(query, '["logs-azure.signinlogs-*"]');
    expect(refusal(text)).toMatch(message);
    expect(refusal(text, "splunk")).toMatch(message);
  });

  it("refuses a join key one step's log source does not record", () => {
    expect(
      refusal(
        eqlRule(
          'sequence by user.id with maxspan=1m\n[authentication where data_stream.dataset == "azure.signinlogs"]\n[any where data_stream.dataset == "azure.auditlogs"]',
        ),
      ),
    ).toMatch(
      /joining the steps of a sequence on the Elastic field 'user\.id': it has no mapping to a field of the azure\/auditlogs/,
    );
  });
});

describe("parseEql", () => {
  it("reads sequences, per-step keys, spans and comparisons", () => {
    expect(
      parseEql(
        'sequence by a.b with maxspan=5m [any where x.`0`.y like~ "P*" and not z in ("1", "2")] by k [web where q != null] with runs=2',
      ),
    ).toEqual({
      kind: "sequence",
      keys: ["a.b"],
      maxspan: { amount: 5, unit: "m", text: "5m", seconds: 300 },
      unsupported: [],
      steps: [
        {
          event: {
            category: "any",
            condition: {
              kind: "and",
              operands: [
                {
                  kind: "match",
                  field: "x.0.y",
                  value: { quoted: false, parts: [{ kind: "text", text: "P" }, { kind: "wildcard" }] },
                  caseInsensitive: true,
                },
                {
                  kind: "not",
                  operand: {
                    kind: "or",
                    operands: [
                      { kind: "match", field: "z", value: { quoted: true, parts: [{ kind: "text", text: "1" }] } },
                      { kind: "match", field: "z", value: { quoted: true, parts: [{ kind: "text", text: "2" }] } },
                    ],
                  },
                },
              ],
            },
          },
          keys: ["k"],
          runs: 1,
        },
        {
          event: {
            category: "web",
            condition: {
              kind: "not",
              operand: {
                kind: "not",
                operand: { kind: "match", field: "q", value: { quoted: false, parts: [{ kind: "wildcard" }] } },
              },
            },
          },
          keys: [],
          runs: 2,
        },
      ],
    });
  });
});
