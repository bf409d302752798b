import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadNotifyConfig, parseNotifyConfig, parseTargetFilter } from "@/lib/notify/config";

const ENV = { HOOK_SECRET: "s3cret-value" };
const slack = {
  name: "soc-slack",
  kind: "slack",
  url: "https://hooks.slack.com/services/T000/B000/XXXX",
  filter: "severity=high,critical&tactic=persistence",
};

function problem(targets: unknown[], env: Record<string, string> = ENV): string {
  try {
    parseNotifyConfig({ targets }, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("parseNotifyConfig", () => {
  it("reads one target of each kind, with the filter in the list's own form and events defaulting to new", () => {
    const targets = parseNotifyConfig(
      {
        targets: [
          slack,
          {
            name: "soc-teams",
            kind: "teams",
            url: "https://example.webhook.office.com/workflows/abc",
            filter: "tactic=TA0006&severity=critical",
          },
          {
            name: "soar",
            kind: "webhook",
            url: "https://soar.example.org/hooks/briefs",
            events: ["new", "severity-raised"],
            secretEnv: "HOOK_SECRET",
          },
        ],
      },
      ENV,
    );
    expect(targets.map((target) => [target.name, target.kind, target.filter, target.events])).toEqual([
      ["soc-slack", "slack", "severity=high,critical&tactic=persistence", ["new"]],
      ["soc-teams", "teams", "severity=critical&tactic=credential_access", ["new"]],
      ["soar", "webhook", "", ["new", "severity-raised"]],
    ]);
    expect(targets[1].filters).toMatchObject({ severity: ["critical"], tactic: ["credential_access"] });
    // The secret is read when sending, never kept in the configuration.
    expect(JSON.stringify(targets)).not.toContain("s3cret-value");
  });

  it.each([
    [[{ ...slack, kind: "discord" }], 'target "soc-slack" (targets[0]): "kind" must be one of slack, teams, webhook'],
    [[{ ...slack, url: "ftp://hooks.example.org/x" }], 'target "soc-slack" (targets[0]): "url" must be an http(s) URL'],
    [[slack, { ...slack, url: "not a url" }], 'target "soc-slack" (targets[1]): "url" must be an http(s) URL'],
    [
      [{ ...slack, events: ["updated"] }],
      'target "soc-slack" (targets[0]): "events.0" each must be one of new, severity-raised, assigned, state-changed, rule-changed-since-deployed',
    ],
    [[{ ...slack, events: [] }], 'target "soc-slack" (targets[0]): "events" must name at least one event'],
    [[{ ...slack, colour: "red" }], 'target "soc-slack" (targets[0]): the target Unrecognized key: "colour"'],
    [[{ kind: "slack", url: slack.url }], 'targets[0]: "name" Invalid input: expected string, received undefined'],
    [[slack, slack], 'target "soc-slack" (targets[1]): "name" is already used by another target'],
    [
      [{ name: "soar", kind: "webhook", url: "https://soar.example.org/" }],
      'target "soar" (targets[0]): "secretEnv" is required for a webhook, so receivers can check the signature',
    ],
    [
      [{ name: "soar", kind: "webhook", url: "https://soar.example.org/", secretEnv: "MISSING_SECRET" }],
      'target "soar" (targets[0]): "secretEnv" names MISSING_SECRET, which is not set',
    ],
    [
      [{ ...slack, filter: "severity=hihg" }],
      'target "soc-slack" (targets[0]): "filter" "hihg" is not a severity the list knows',
    ],
    [
      [{ ...slack, filter: "tactic=persistance" }],
      'target "soc-slack" (targets[0]): "filter" "persistance" is not a tactic the list knows',
    ],
    [
      [{ ...slack, filter: "from=2026-02-30" }],
      'target "soc-slack" (targets[0]): "filter" "2026-02-30" is not a from the list knows',
    ],
    [
      [{ ...slack, filter: "severty=high" }],
      'target "soc-slack" (targets[0]): "filter" unknown parameter "severty" (one of severity, tactic, tag, type, q, from, to, status, assignee, decided)',
    ],
    [
      [{ ...slack, filter: "rule=none" }],
      'target "soc-slack" (targets[0]): "filter" "rule" cannot choose notifications: a brief\'s rule links are computed after it is stored',
    ],
    [
      [{ ...slack, filter: "severity=high&page=2" }],
      'target "soc-slack" (targets[0]): "filter" "page" pages the list and does not filter it',
    ],
    [
      [{ ...slack, filter: "status=new&assignee=me" }],
      'target "soc-slack" (targets[0]): "filter" "assignee=me" has nobody to mean here: name the person (assignee=ana@example.org)',
    ],
    [
      [{ ...slack, filter: "status=closed" }],
      'target "soc-slack" (targets[0]): "filter" "closed" is not a status the list knows',
    ],
    [
      [{ ...slack, filter: "severity=high&severity=low" }],
      'target "soc-slack" (targets[0]): "filter" "severity" is given 2 times; list values with commas',
    ],
  ])("refuses %j naming the target and the field", (targets, message) => {
    expect(problem(targets)).toBe(message);
  });

  it("never repeats a URL in its messages: Slack and Teams URLs are secrets", () => {
    expect(problem([{ ...slack, kind: "nope" }])).not.toContain("hooks.slack.com");
    expect(problem([{ ...slack, url: "https://hooks.slack.com:99999/services/T000/B000/XXXX" }])).not.toContain("XXXX");
  });

  it('refuses a document that is not {"targets": [...]}', () => {
    expect(() => parseNotifyConfig([slack], ENV)).toThrow('expected {"targets": [...]}');
    expect(() => parseNotifyConfig({ targets: slack }, ENV)).toThrow('"targets" must be an array of targets');
  });
});

describe("parseTargetFilter", () => {
  it("accepts what the list accepts, written as the list writes it", () => {
    expect(parseTargetFilter("?q=token theft&tag=Entra ID,oauth&type=Advisory&to=2026-12-31").canonical).toBe(
      "tag=entra_id,oauth&type=advisory&q=token+theft&to=2026-12-31",
    );
    expect(parseTargetFilter("").canonical).toBe("");
    // The team's filters, with a person in place of "me".
    expect(parseTargetFilter("status=new,in_review&assignee=Ana@Example.org&decided=no").canonical).toBe(
      "status=new,in_review&assignee=ana%40example.org&decided=no",
    );
  });
});

describe("loadNotifyConfig", () => {
  it("reads the file NOTIFY_CONFIG names, none when unset, and names the file when it cannot", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "notify-config-"));
    const file = path.join(directory, "notify.json");
    fs.writeFileSync(file, JSON.stringify({ targets: [slack] }));
    expect(loadNotifyConfig({}).length).toBe(0);
    expect(loadNotifyConfig({ NOTIFY_CONFIG: file }).map((target) => target.name)).toEqual(["soc-slack"]);
    expect(() => loadNotifyConfig({ NOTIFY_CONFIG: path.join(directory, "missing.json") })).toThrow(
      /^NOTIFY_CONFIG \(.*missing\.json\): no such file$/,
    );
    fs.writeFileSync(file, "{ targets: [");
    expect(() => loadNotifyConfig({ NOTIFY_CONFIG: file })).toThrow(/^NOTIFY_CONFIG \(.*notify\.json\): .*JSON/);
    fs.rmSync(directory, { recursive: true, force: true });
  });
});
