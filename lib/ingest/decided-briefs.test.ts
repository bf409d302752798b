import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deployRule } from "@/lib/deployments/store";
import { parseSigmaFile } from "@/lib/detections/importers/sigma-file";
import { saveDetections, saveLibrary } from "@/lib/detections/store";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { RULE_IMPORT_STEPS, RULE_SYNC_STEPS } from "@/lib/ingest/steps";
import type { NotifyTargetConfig } from "@/lib/notify/config";
import { openDeliveryStore, type DeliveryStore } from "@/lib/notify/delivery-store";
import { registerConfiguredTargets } from "@/lib/notify/targets";
import { deliverDue } from "@/lib/notify/worker";
import { buildFeed, sampleItem, type TestItem } from "@/lib/test/feed-builder";
import { TestReceiver } from "@/lib/test/receiver";
import { acknowledgeFeedUpdate } from "@/lib/triage/acknowledge";
import { readTriage, triageHistory, triageOfBriefs } from "@/lib/triage/queries";
import { changeTriage, TriageConflictError, TriageRefusedError } from "@/lib/triage/store";

const SECRET = "decided-briefs-secret-41c2";
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "decided-briefs-"));
const feedFile = path.join(directory, "feed.xml");
const configFile = path.join(directory, "notify.json");

const ana = { id: "user-ana", email: "ana@example.test", role: "analyst" as const };
const vic = { id: "user-vic", email: "vic@example.test", role: "viewer" as const };

let receiver: TestReceiver;
let store: DeliveryStore;

beforeAll(async () => {
  process.env.FEED_ALLOW_PRIVATE = "1";
  process.env.NOTIFY_TEST_SECRET = SECRET;
  process.env.NOTIFY_CONFIG = configFile;
  process.env.SITE_URL = "https://briefs.example.org";
  receiver = await TestReceiver.start();
  store = openDeliveryStore();
  for (const user of [ana, vic])
    await db.user.create({ data: { id: user.id, name: user.email.split("@")[0], email: user.email, role: user.role } });
});

afterAll(async () => {
  await store.close();
  await receiver.down();
  fs.rmSync(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  await db.notification.deleteMany();
  await db.notifyTarget.deleteMany();
  await db.brief.deleteMany();
  await db.feed.deleteMany();
  receiver.requests.length = 0;
  receiver.respond = () => ({ status: 200, body: "ok" });
});

/** One webhook target per entry, asking for the given events, with an optional list filter. */
async function configure(
  targets: { name: string; events: string[]; filter?: string }[],
): Promise<NotifyTargetConfig[]> {
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      targets: targets.map((target) => ({
        name: target.name,
        kind: "webhook",
        url: receiver.url(`/${target.name}`),
        filter: target.filter ?? "",
        events: target.events,
        secretEnv: "NOTIFY_TEST_SECRET",
      })),
    }),
  );
  return registerConfiguredTargets();
}

async function ingest(items: TestItem[]) {
  fs.writeFileSync(feedFile, buildFeed(items));
  const result = await ingestFeed({ kind: "file", path: feedFile }, { trigger: "cli" });
  expect(result.status === "failed" ? result.error : result.status).toBe("ok");
}

async function deliverAll(targets: NotifyTargetConfig[]) {
  for (let pass = 0; pass < 50; pass += 1) {
    await deliverDue(store, targets, { timeoutMs: 2000 });
    if ((await db.notification.count({ where: { status: "pending" } })) === 0) return;
  }
  throw new Error("Notifications still pending");
}

const bodiesTo = (name: string) => receiver.to(`/${name}`).map((request) => JSON.parse(request.body));

const OTHER = sampleItem("bystander", { severity: "low" });
const brief = (severity: string, description = `Summary at ${severity}.`) =>
  sampleItem("watched-brief", { severity, description });
const SLUG = "watched-brief";

describe("a feed update of a decided brief", () => {
  it("puts a dismissed brief whose severity rose back in review, says why, and moves its version on", async () => {
    await ingest([OTHER, brief("medium")]);
    const dismissed = await changeTriage(SLUG, { state: "dismissed", reason: "not_applicable" }, 0, ana);

    await ingest([OTHER, brief("high")]);

    const after = await readTriage(SLUG);
    expect(after).toMatchObject({ state: "in_review", reason: null, changedBy: "feed", updatedSinceDecisionAt: null });
    expect(after!.version).toBe(dismissed.version + 1);
    expect((await triageHistory(after!.briefId)).at(-1)).toMatchObject({
      kind: "state",
      actorEmail: "feed",
      fromState: "dismissed",
      toState: "in_review",
      comment: "Severity rose from medium to high in a feed update",
    });
    // A page still holding the dismissed brief's version is refused, naming the feed.
    await expect(changeTriage(SLUG, { state: "adopted" }, dismissed.version, ana)).rejects.toThrow(/Changed by feed/);
  });

  it("reopens a watched brief too, but only marks an adopted one whose severity rose", async () => {
    await ingest([OTHER, brief("low"), sampleItem("adopted-brief", { severity: "low" })]);
    await changeTriage(SLUG, { state: "watching" }, 0, ana);
    const adopted = await changeTriage("adopted-brief", { state: "adopted" }, 0, ana);

    await ingest([OTHER, brief("critical"), sampleItem("adopted-brief", { severity: "critical" })]);

    expect(await readTriage(SLUG)).toMatchObject({ state: "in_review" });
    const kept = await readTriage("adopted-brief");
    expect(kept).toMatchObject({ state: "adopted", version: adopted.version });
    expect(kept!.updatedSinceDecisionAt).toBeInstanceOf(Date);
  });

  it("marks a dismissed brief lowered or otherwise changed as updated since the decision, state kept, until acknowledged", async () => {
    await ingest([OTHER, brief("high")]);
    const dismissed = await changeTriage(SLUG, { state: "dismissed", reason: "risk_accepted" }, 0, ana);

    await ingest([OTHER, brief("medium")]);
    let view = await readTriage(SLUG);
    expect(view).toMatchObject({ state: "dismissed", reason: "risk_accepted", version: dismissed.version });
    expect(view!.updatedSinceDecisionAt).toBeInstanceOf(Date);
    expect((await triageOfBriefs([SLUG, "bystander"])).get(SLUG)?.updatedSinceDecision).toBe(true);

    // A second change while nobody has looked keeps one history line for the mark.
    await ingest([OTHER, brief("medium", "Reworded again.")]);
    const marks = (await triageHistory(view!.briefId)).filter((line) => line.kind === "feed-update");
    expect(marks).toHaveLength(1);
    expect(marks[0].actorEmail).toBe("feed");

    // A viewer cannot acknowledge; an analyst from a stale page is told who changed it; then it clears.
    await expect(acknowledgeFeedUpdate(SLUG, view!.version, vic)).rejects.toBeInstanceOf(TriageRefusedError);
    await expect(acknowledgeFeedUpdate(SLUG, view!.version - 1, ana)).rejects.toBeInstanceOf(TriageConflictError);
    view = await acknowledgeFeedUpdate(SLUG, view!.version, ana);
    expect(view).toMatchObject({ state: "dismissed", updatedSinceDecisionAt: null, changedBy: ana.email });
    expect((await triageHistory(view.briefId)).at(-1)).toMatchObject({ kind: "acknowledge", actorEmail: ana.email });
    expect((await triageOfBriefs([SLUG])).get(SLUG)?.updatedSinceDecision).toBe(false);
  });

  it("leaves briefs nobody decided alone", async () => {
    await ingest([OTHER, brief("low")]);
    await changeTriage(SLUG, { state: "in_review" }, 0, ana);
    await ingest([OTHER, brief("critical")]);
    expect(await readTriage(SLUG)).toMatchObject({ state: "in_review", version: 1, updatedSinceDecisionAt: null });
  });
});

describe("change notifications", () => {
  it("sends a state-changed target the feed's reopening once, and two changes as two deliveries", async () => {
    const targets = await configure([
      { name: "states", events: ["state-changed"] },
      { name: "high-states", events: ["state-changed"], filter: "severity=critical" },
      { name: "new-only", events: ["new"] },
    ]);
    await ingest([OTHER, brief("medium")]);
    await changeTriage(SLUG, { state: "dismissed", reason: "not_applicable" }, 0, ana);
    await ingest([OTHER, brief("high")]);
    await deliverAll(targets);
    await deliverAll(targets);

    const states = bodiesTo("states");
    expect(states.map((body) => [body.event, body.change.from, body.change.to, body.change.by])).toEqual([
      ["state-changed", "new", "dismissed", ana.email],
      ["state-changed", "dismissed", "in_review", "feed"],
    ]);
    expect(states[1]).toMatchObject({
      severity: "high",
      brief: { slug: SLUG },
      change: { reason: "Severity rose from medium to high in a feed update" },
    });
    expect(new Set(receiver.to("/states").map((request) => request.headers["idempotency-key"])).size).toBe(2);
    // The filter applies as to every event: the brief is high, not critical.
    expect(bodiesTo("high-states")).toEqual([]);
    expect(bodiesTo("new-only")).toEqual([]);
  });

  it("sends each assignment, even back and forth on one brief, and not a mere comment as a state change", async () => {
    const targets = await configure([{ name: "owners", events: ["assigned", "state-changed"] }]);
    await ingest([OTHER, brief("high")]);
    let view = await changeTriage(SLUG, { assignee: ana.email }, 0, ana);
    view = await changeTriage(SLUG, { assignee: null }, view.version, ana);
    view = await changeTriage(SLUG, { assignee: ana.email }, view.version, ana);
    view = await changeTriage(SLUG, { state: "hunting" }, view.version, ana);
    await changeTriage(SLUG, { comment: "Hunting in the last 30 days of sign-in logs." }, view.version, ana);
    await deliverAll(targets);

    expect(bodiesTo("owners").map((body) => [body.event, body.change.from, body.change.to])).toEqual([
      ["assigned", null, ana.email],
      ["assigned", ana.email, null],
      ["assigned", null, ana.email],
      ["state-changed", "new", "hunting"],
    ]);
  });

  it("queues nothing for a change that is refused", async () => {
    await configure([{ name: "states", events: ["state-changed", "assigned"] }]);
    await ingest([OTHER, brief("high")]);
    await changeTriage(SLUG, { state: "in_review" }, 0, ana);
    await expect(changeTriage(SLUG, { state: "adopted" }, 0, ana)).rejects.toBeInstanceOf(TriageConflictError);
    expect(await db.notification.count()).toBe(1);
  });
});

describe("rule-changed-since-deployed", () => {
  const RULE_ID = "5d0bb2a4-4b7e-4f0a-9d43-0c3f4f7f1d11";
  const ruleFile = (
    options: { modified?: string; clients?: string[]; id?: string; title?: string } = {},
  ) => `title: ${options.title ?? "Legacy Mail Sign-in For Notify Test"}
id: ${options.id ?? RULE_ID}
status: test
description: A user signed in with IMAP or POP.
date: 2026-11-01
${options.modified ? `modified: ${options.modified}\n` : ""}tags:
  - attack.initial-access
  - attack.t1078.004
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 0
    ClientAppUsed:
${(options.clients ?? ["IMAP4", "POP3"]).map((client) => `      - ${client}`).join("\n")}
  condition: selection
level: medium
`;
  async function sync(text: string) {
    const parsed = parseSigmaFile(text, "sigma-import");
    if (!parsed.ok) throw new Error(parsed.reason);
    return saveLibrary(
      "sigmahq",
      parsed.records.map((record) => ({ ...record, originPath: "rules/cloud/azure/legacy-notify.yml" })),
      [],
      RULE_SYNC_STEPS,
    );
  }

  it("notifies once per query change of a deployed rule, not for a change of its dates", async () => {
    const targets = await configure([{ name: "rules", events: ["rule-changed-since-deployed"] }]);
    // The brief shares the rule's title, so the links a sync recomputes tie them.
    await ingest([OTHER, sampleItem(SLUG, { severity: "high", title: "Legacy Mail Sign-in For Notify Test" })]);
    await sync(ruleFile());
    const { id: briefId } = await db.brief.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(await db.briefDetection.count({ where: { briefId, detectionId: RULE_ID } })).toBe(1);
    await deployRule(ana, RULE_ID, "sentinel");

    await sync(ruleFile({ modified: "2026-12-01" }));
    expect(await db.notification.count()).toBe(0);
    await sync(ruleFile({ modified: "2026-12-02", clients: ["IMAP4", "POP3", "MAPI"] }));
    await sync(ruleFile({ modified: "2026-12-03", clients: ["IMAP4", "POP3", "MAPI", "SMTP"] }));
    await deliverAll(targets);

    const bodies = bodiesTo("rules");
    expect(bodies.map((body) => [body.event, body.brief.slug, body.change.siem, body.change.rule.id])).toEqual([
      ["rule-changed-since-deployed", SLUG, "sentinel", RULE_ID],
      ["rule-changed-since-deployed", SLUG, "sentinel", RULE_ID],
    ]);
    expect(bodies[0].change).toMatchObject({ by: "rule-sync", siemLabel: "Microsoft Sentinel" });
  });

  it("notifies for a hand import that changes a deployed rule's query too, naming the import", async () => {
    const id = "7c1e0d52-93a8-4f5e-8b0a-2d6f1c9e4a20";
    const title = "Hand Imported Mail Sign-in For Notify Test";
    const targets = await configure([{ name: "rules", events: ["rule-changed-since-deployed"] }]);
    await ingest([OTHER, sampleItem(SLUG, { severity: "high", title })]);
    const handImport = async (text: string) => {
      const parsed = parseSigmaFile(text, "sigma-import");
      if (!parsed.ok) throw new Error(parsed.reason);
      return saveDetections(parsed.records, RULE_IMPORT_STEPS);
    };
    await handImport(ruleFile({ id, title }));
    await deployRule(ana, id, "splunk");

    await handImport(ruleFile({ id, title, modified: "2026-12-01" }));
    expect(await db.notification.count()).toBe(0);
    await handImport(ruleFile({ id, title, modified: "2026-12-02", clients: ["IMAP4", "POP3", "MAPI"] }));
    await deliverAll(targets);

    const bodies = bodiesTo("rules");
    expect(bodies.map((body) => [body.event, body.brief.slug, body.change.siem, body.change.rule.id])).toEqual([
      ["rule-changed-since-deployed", SLUG, "splunk", id],
    ]);
    expect(bodies[0].change).toMatchObject({ by: "rule-import" });
  });
});
