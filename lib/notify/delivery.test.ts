import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { loadNotifyConfig, type NotifyTargetConfig } from "@/lib/notify/config";
import { openDeliveryStore, type DeliveryStore } from "@/lib/notify/delivery-store";
import { signBody } from "@/lib/notify/messages";
import type { RetryPolicy } from "@/lib/notify/outcome";
import { listNotifyTargetStatus } from "@/lib/notify/queries";
import { registerConfiguredTargets } from "@/lib/notify/targets";
import { deliverDue, type DeliveryReport } from "@/lib/notify/worker";
import { buildFeed, sampleItem, type TestItem } from "@/lib/test/feed-builder";
import { TestReceiver } from "@/lib/test/receiver";

const SECRET = "test-signing-secret-7f3a";
const FAST_RETRIES: RetryPolicy = { firstDelayMs: 50, longestDelayMs: 200, maxAttempts: 5 };
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "notify-delivery-"));
const feedFile = path.join(directory, "feed.xml");
const configFile = path.join(directory, "notify.json");

let receiver: TestReceiver;
let store: DeliveryStore;

beforeAll(async () => {
  process.env.FEED_ALLOW_PRIVATE = "1";
  process.env.NOTIFY_TEST_SECRET = SECRET;
  process.env.NOTIFY_CONFIG = configFile;
  process.env.SITE_URL = "https://briefs.example.org";
  receiver = await TestReceiver.start();
  store = openDeliveryStore();
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
  await db.tag.deleteMany();
  await db.feed.deleteMany();
  receiver.requests.length = 0;
  receiver.respond = () => ({ status: 200, body: "ok" });
});

afterEach(async () => {
  await receiver.up().catch(() => {});
});

type TargetSpec = { name: string; kind: string; path: string; filter?: string; events?: string[]; secret?: boolean };

async function configure(specs: TargetSpec[]): Promise<NotifyTargetConfig[]> {
  const targets = specs.map((spec) => ({
    name: spec.name,
    kind: spec.kind,
    url: receiver.url(spec.path),
    filter: spec.filter ?? "",
    ...(spec.events ? { events: spec.events } : {}),
    ...(spec.secret || spec.kind === "webhook" ? { secretEnv: "NOTIFY_TEST_SECRET" } : {}),
  }));
  fs.writeFileSync(configFile, JSON.stringify({ targets }));
  return registerConfiguredTargets();
}

async function ingest(items: TestItem[]) {
  fs.writeFileSync(feedFile, buildFeed(items));
  const result = await ingestFeed({ kind: "file", path: feedFile }, { trigger: "cli" });
  expect(result.status === "failed" ? result.error : result.status).toBe("ok");
  return result;
}

/** Runs delivery passes until nothing is pending (or due within the fast retry policy), bounded. */
async function deliverAll(targets: NotifyTargetConfig[]): Promise<DeliveryReport[]> {
  const reports: DeliveryReport[] = [];
  for (let pass = 0; pass < 100; pass += 1) {
    reports.push(...(await deliverDue(store, targets, { retryPolicy: FAST_RETRIES, timeoutMs: 2000 })));
    if ((await db.notification.count({ where: { status: "pending" } })) === 0) return reports;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Notifications still pending after 100 passes: ${JSON.stringify(reports)}`);
}

const BASELINE = [sampleItem("old-low", { severity: "low" }), sampleItem("old-medium", { severity: "medium" })];

describe("a new brief matching a target", () => {
  it("is sent once to each target whose filter matches it, and to no other, with nothing for the feed's first ingest", async () => {
    const targets = await configure([
      { name: "soc-webhook", kind: "webhook", path: "/soc", filter: "severity=high,critical" },
      { name: "persistence-slack", kind: "slack", path: "/slack", filter: "tactic=persistence" },
      { name: "low-teams", kind: "teams", path: "/teams", filter: "severity=low" },
    ]);
    // The first ingest of a feed is its backlog: the low brief matches low-teams, but nothing is queued.
    await ingest(BASELINE);
    expect(await db.notification.count()).toBe(0);

    await ingest([
      ...BASELINE,
      sampleItem("new-high", { severity: "high", tags: ["entra_id", "credential_access"] }),
      sampleItem("new-critical", { severity: "critical", tags: ["entra_id", "persistence"] }),
    ]);
    const reports = await deliverAll(targets);
    expect(reports.map((report) => report.outcome)).toEqual(["delivered", "delivered", "delivered"]);

    expect(
      receiver
        .to("/soc")
        .map((request) => JSON.parse(request.body).brief.slug)
        .sort(),
    ).toEqual(["new-critical", "new-high"]);
    expect(receiver.to("/slack")).toHaveLength(1);
    expect(receiver.to("/teams")).toHaveLength(0);
    expect(receiver.requests).toHaveLength(3);

    // Delivered rows are never sent again: another pass, and an unchanged re-ingest, send nothing.
    await ingest([
      ...BASELINE,
      sampleItem("new-high", { severity: "high", tags: ["entra_id", "credential_access"] }),
      sampleItem("new-critical", { severity: "critical", tags: ["entra_id", "persistence"] }),
    ]);
    await deliverAll(targets);
    expect(receiver.requests).toHaveLength(3);
  });

  it("reaches Slack as Block Kit and Teams as an Adaptive Card, each with the title linked to the brief's page", async () => {
    const targets = await configure([
      { name: "slack", kind: "slack", path: "/slack" },
      { name: "teams", kind: "teams", path: "/teams" },
    ]);
    await ingest(BASELINE);
    await ingest([
      ...BASELINE,
      sampleItem("oauth-abuse", {
        title: "OAuth <consent> abuse & token theft",
        severity: "high",
        tags: ["entra_id", "persistence", "credential_access"],
      }),
    ]);
    await deliverAll(targets);

    const slack = JSON.parse(receiver.to("/slack")[0].body);
    expect(slack.blocks[1].text.text).toBe(
      "*<https://briefs.example.org/briefs/oauth-abuse|OAuth &lt;consent&gt; abuse &amp; token theft>*",
    );
    expect(slack.blocks[2].elements[0].text).toBe(
      "*High* severity · Persistence, Credential Access · published 6 May 2024",
    );
    expect(slack.blocks[3].text.text).toBe("Summary of oauth-abuse.");

    const teams = JSON.parse(receiver.to("/teams")[0].body);
    expect(teams.type).toBe("message");
    const card = teams.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.type).toBe("AdaptiveCard");
    expect(card.content.body[1].items[0].text).toBe("OAuth <consent> abuse & token theft");
    expect(card.content.body[1].selectAction.url).toBe("https://briefs.example.org/briefs/oauth-abuse");
    expect(card.content.body[2].facts).toContainEqual({ title: "Severity", value: "High" });
    expect(card.content.actions[0]).toEqual({
      type: "Action.OpenUrl",
      title: "Open brief",
      url: "https://briefs.example.org/briefs/oauth-abuse",
    });
  });

  it("reaches a webhook signed with its secret, with the brief's fields, link and an idempotency key", async () => {
    const targets = await configure([{ name: "soar", kind: "webhook", path: "/soar" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("signed-one", { severity: "critical", tags: ["entra_id", "persistence"] })]);
    await deliverAll(targets);

    const [request] = receiver.to("/soar");
    expect(request.headers["x-signature-256"]).toBe(signBody(SECRET, request.body));
    expect(request.headers["x-signature-256"]).not.toBe(signBody("another-secret", request.body));
    const row = await db.notification.findFirstOrThrow({ where: { targetName: "soar" } });
    expect(request.headers["idempotency-key"]).toBe(row.id);
    expect(request.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(request.body)).toMatchObject({
      id: row.id,
      event: "new",
      target: "soar",
      severity: "critical",
      previousSeverity: null,
      brief: {
        slug: "signed-one",
        title: "Brief signed-one",
        url: "https://briefs.example.org/briefs/signed-one",
        severity: "critical",
        publishedAt: "2024-05-06T10:00:00.000Z",
        tactics: ["Persistence"],
        sourceLink: "https://intel.example.org/briefs/signed-one/",
      },
    });
    // The secret itself goes nowhere: not in the body, the headers, or the database.
    expect(JSON.stringify(request)).not.toContain(SECRET);
    expect(JSON.stringify(await db.notifyTarget.findMany())).not.toContain(SECRET);
  });
});

describe("delivery when the receiver fails", () => {
  it("retries a receiver that is down until it is up again, then delivers once", async () => {
    const targets = await configure([{ name: "flaky", kind: "webhook", path: "/flaky" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("while-down", { severity: "high" })]);

    await receiver.down();
    const [first] = await deliverDue(store, targets, { retryPolicy: FAST_RETRIES, timeoutMs: 2000 });
    // Refused, or a kept-alive connection found closed: either way a network error, tried again.
    expect(first).toMatchObject({
      outcome: "retry",
      reason: expect.stringMatching(/^Could not post to 127\.0\.0\.1:\d+: (connect ECONNREFUSED|socket hang up)/),
    });
    const waiting = await db.notification.findFirstOrThrow();
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, claimedBy: null });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(waiting.lastAttemptAt!.getTime());
    const [status] = await listNotifyTargetStatus();
    expect(status).toMatchObject({ name: "flaky", queued: 1, lastSuccessAt: null, lastFailureReason: first.reason });

    // Still down at the next attempt: one more failure, a longer wait.
    let second: DeliveryReport[] = [];
    for (let pass = 0; pass < 100 && !second.length; pass += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      second = await deliverDue(store, targets, { retryPolicy: FAST_RETRIES, timeoutMs: 2000 });
    }
    expect(second).toMatchObject([{ outcome: "retry" }]);
    const later = await db.notification.findFirstOrThrow();
    expect(later.attempts).toBe(2);
    expect(later.nextAttemptAt.getTime() - later.lastAttemptAt!.getTime()).toBeGreaterThan(
      waiting.nextAttemptAt.getTime() - waiting.lastAttemptAt!.getTime(),
    );
    await receiver.up();
    await deliverAll(targets);

    expect(receiver.to("/flaky")).toHaveLength(1);
    const delivered = await db.notification.findFirstOrThrow();
    expect(delivered.status).toBe("delivered");
    expect(delivered.attempts).toBe(3);
    expect((await listNotifyTargetStatus())[0]).toMatchObject({ queued: 0, lastSuccessAt: expect.any(Date) });
  });

  it.each([
    [408, {}],
    [429, {}],
    [500, {}],
    [503, {}],
  ])("tries again after HTTP %i", async (status, headers) => {
    const targets = await configure([{ name: "busy", kind: "webhook", path: "/busy" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem(`answer-${status}`, { severity: "high" })]);
    let calls = 0;
    receiver.respond = () => (++calls === 1 ? { status, headers, body: "try later" } : { status: 204 });
    await deliverAll(targets);
    expect(receiver.to("/busy")).toHaveLength(2);
    expect(await db.notification.findFirstOrThrow()).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastError: expect.stringContaining(`HTTP ${status}`),
    });
  });

  it("waits as long as Retry-After asks when that is longer than its own backoff", async () => {
    const targets = await configure([{ name: "limited", kind: "webhook", path: "/limited" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("rate-limited", { severity: "high" })]);
    receiver.respond = () => ({ status: 429, headers: { "retry-after": "120" }, body: "slow down" });
    await deliverDue(store, targets, { retryPolicy: FAST_RETRIES, timeoutMs: 2000 });
    const row = await db.notification.findFirstOrThrow();
    expect(row.nextAttemptAt.getTime() - row.lastAttemptAt!.getTime()).toBe(120_000);
    expect(await deliverDue(store, targets, { retryPolicy: FAST_RETRIES })).toEqual([]);
  });

  it("fails for good on any other 4xx, never retries, and keeps the reason for /status", async () => {
    const targets = await configure([
      { name: "gone", kind: "teams", path: "/gone" },
      { name: "fine", kind: "slack", path: "/fine" },
    ]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("refused", { severity: "high" })]);
    receiver.respond = (request) =>
      request.path === "/gone" ? { status: 404, body: "no such workflow" } : { status: 200, body: "ok" };
    await deliverAll(targets);
    await deliverAll(targets);

    expect(receiver.to("/gone")).toHaveLength(1);
    expect(await db.notification.findFirstOrThrow({ where: { targetName: "gone" } })).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "HTTP 404 Not Found: no such workflow",
    });
    const statuses = await listNotifyTargetStatus();
    expect(statuses.find((target) => target.name === "gone")).toMatchObject({
      queued: 0,
      failed: 1,
      lastFailureReason: "HTTP 404 Not Found: no such workflow",
    });
    expect(statuses.find((target) => target.name === "fine")).toMatchObject({
      queued: 0,
      delivered: 1,
      lastFailureAt: null,
    });
  });

  it("gives up after the last attempt and says so", async () => {
    const targets = await configure([{ name: "broken", kind: "webhook", path: "/broken" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("never", { severity: "high" })]);
    receiver.respond = () => ({ status: 502, body: "bad gateway" });
    await deliverAll(targets);
    expect(receiver.to("/broken")).toHaveLength(FAST_RETRIES.maxAttempts);
    expect(await db.notification.findFirstOrThrow()).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/^Gave up after 5 attempts: HTTP 502/),
    });
  });

  it("refuses a target on a private address unless FEED_ALLOW_PRIVATE=1, as feeds are", async () => {
    const targets = await configure([{ name: "inside", kind: "slack", path: "/inside" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("private", { severity: "high" })]);
    process.env.FEED_ALLOW_PRIVATE = "";
    try {
      await deliverAll(targets);
    } finally {
      process.env.FEED_ALLOW_PRIVATE = "1";
    }
    expect(receiver.requests).toHaveLength(0);
    expect(await db.notification.findFirstOrThrow()).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/private or loopback address/),
    });
  });
});

describe("what is queued", () => {
  it("tells of a raised severity to targets that ask for it, once per severity reached, and not of a lowered one", async () => {
    const targets = await configure([
      {
        name: "raises",
        kind: "webhook",
        path: "/raises",
        filter: "severity=high,critical",
        events: ["new", "severity-raised"],
      },
      { name: "new-only", kind: "webhook", path: "/new-only", filter: "severity=high,critical" },
    ]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("escalating", { severity: "medium" })]);
    await ingest([...BASELINE, sampleItem("escalating", { severity: "high", description: "Now exploited." })]);
    await ingest([...BASELINE, sampleItem("escalating", { severity: "medium", description: "Calmer." })]);
    await ingest([...BASELINE, sampleItem("escalating", { severity: "high", description: "Exploited again." })]);
    await ingest([...BASELINE, sampleItem("escalating", { severity: "critical", description: "Worse." })]);
    await deliverAll(targets);

    const raises = receiver.to("/raises").map((request) => JSON.parse(request.body));
    expect(raises.map((body) => [body.event, body.previousSeverity, body.severity])).toEqual([
      ["severity-raised", "medium", "high"],
      ["severity-raised", "high", "critical"],
    ]);
    expect(receiver.to("/new-only")).toHaveLength(0);
  });

  it("sends a target added later only briefs first seen after it existed", async () => {
    await configure([{ name: "early", kind: "slack", path: "/early" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, sampleItem("before-late", { severity: "medium" })]);
    const targets = await configure([
      { name: "early", kind: "slack", path: "/early" },
      { name: "late", kind: "slack", path: "/late", events: ["new", "severity-raised"] },
    ]);
    // A raise of a brief "late" never saw as new is not news to it; a brief first seen now is.
    await ingest([
      ...BASELINE,
      sampleItem("before-late", { severity: "critical", description: "Raised." }),
      sampleItem("after-late", { severity: "low" }),
    ]);
    await deliverAll(targets);

    expect(receiver.to("/late").map((request) => JSON.parse(request.body).blocks[1].text.text)).toEqual([
      expect.stringContaining("after-late"),
    ]);
    expect(receiver.to("/early")).toHaveLength(2);
  });

  it("queues nothing when the ingest's transaction rolls back", async () => {
    await configure([{ name: "all", kind: "slack", path: "/all" }]);
    await ingest(BASELINE);
    const { storeBriefs } = await import("@/lib/ingest/ingest-feed");
    const { identifyItems } = await import("@/lib/feed/normalise");
    const { prepareItems } = await import("@/lib/feed/prepare");
    const { parseFeed } = await import("@/lib/feed/parse-feed");
    const feed = await db.feed.findFirstOrThrow();
    const { items } = identifyItems(
      (await parseFeed(buildFeed([sampleItem("doomed-1"), sampleItem("doomed-2")]))).items,
      null,
    );
    await expect(
      storeBriefs(feed.id, items, async function* (positions) {
        yield prepareItems([items[positions[0]]], null);
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await db.brief.count({ where: { slug: { startsWith: "doomed" } } })).toBe(0);
    expect(await db.notification.count()).toBe(0);
  });

  it("retires a target the configuration no longer names: nothing more is queued for it", async () => {
    await configure([
      { name: "kept", kind: "slack", path: "/kept" },
      { name: "dropped", kind: "slack", path: "/dropped" },
    ]);
    await ingest(BASELINE);
    const targets = await configure([{ name: "kept", kind: "slack", path: "/kept" }]);
    await ingest([...BASELINE, sampleItem("after-drop")]);
    await deliverAll(targets);
    expect(receiver.to("/kept")).toHaveLength(1);
    expect(await db.notification.count({ where: { targetName: "dropped" } })).toBe(0);
    expect(loadNotifyConfig().map((target) => target.name)).toEqual(["kept"]);
  });
});

describe("claims", () => {
  it("never gives one row to two workers, and hands back a dead worker's rows at once", async () => {
    await configure([{ name: "shared", kind: "slack", path: "/shared" }]);
    await ingest(BASELINE);
    await ingest([...BASELINE, ...Array.from({ length: 9 }, (_, index) => sampleItem(`claimed-${index}`))]);
    const other = openDeliveryStore();
    try {
      const first = await store.claimDue(["shared"], "worker-a", { claimMs: 60_000, limit: 4 });
      const second = await other.claimDue(["shared"], "worker-b", { claimMs: 60_000, limit: 4 });
      const third = await store.claimDue(["shared"], "worker-a", { claimMs: 60_000, limit: 4 });
      expect([first.length, second.length, third.length]).toEqual([4, 4, 1]);
      expect(new Set([...first, ...second, ...third].map((row) => row.id)).size).toBe(9);
      expect(await other.claimDue(["shared"], "worker-b", { claimMs: 60_000, limit: 4 })).toEqual([]);

      // A holder naming a process of this host that no longer exists: its claims are free again.
      const deadHolder = `${os.hostname()}:999999999:dead`;
      await db.notification.updateMany({ where: { claimedBy: "worker-b" }, data: { claimedBy: deadHolder } });
      expect(await other.releaseClaimsOfDeadHolders()).toBe(4);
      expect(
        (await other.claimDue(["shared"], "worker-b", { claimMs: 60_000, limit: 10 })).map((row) => row.id).sort(),
      ).toEqual(second.map((row) => row.id).sort());
    } finally {
      await other.close();
    }
  });
});
