import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, sampleItem, type TestItem } from "@/lib/test/feed-builder";
import { TestReceiver } from "@/lib/test/receiver";
import { countRows, leaseHolder, readRows } from "./test-support/database-state";
import { killAllChildren, processExists, startIngest, startNotifyWorker } from "./test-support/ingest-process";

/**
 * Delivery across processes, against this file's real database (SQLite or PostgreSQL) and a receiver on 127.0.0.1: the ingest
 * killed mid-store, a worker killed mid-delivery, and two workers on one database. Waits are on
 * printed lines, on the receiver, or on database rows, each bounded — never a bare sleep.
 */
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "notify-processes-"));
const feedFile = path.join(directory, "feed.xml");
const configFile = path.join(directory, "notify.json");

let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await TestReceiver.start();
  process.env.FEED_ALLOW_PRIVATE = "1";
  process.env.NOTIFY_CONFIG = configFile;
  process.env.NOTIFY_PROCESS_SECRET = "process-test-secret";
});

beforeEach(async () => {
  await db.notification.deleteMany();
  await db.notifyTarget.deleteMany();
  await db.brief.deleteMany();
  await db.feed.deleteMany();
  await db.ingestLease.deleteMany();
  receiver.requests.length = 0;
  receiver.respond = () => ({ status: 200, body: "ok" });
});

afterEach(async () => {
  await killAllChildren();
});

afterAll(async () => {
  await receiver.down();
  await db.$disconnect();
  fs.rmSync(directory, { recursive: true, force: true });
});

function configure(targets: { name: string; path: string; filter?: string }[]): void {
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      targets: targets.map((target) => ({
        name: target.name,
        kind: "webhook",
        url: receiver.url(target.path),
        filter: target.filter ?? "",
        secretEnv: "NOTIFY_PROCESS_SECRET",
      })),
    }),
  );
}

/** Registers the targets as the server does at start-up, and stores the feed's first ingest (which queues nothing). */
async function startWith(items: TestItem[]): Promise<void> {
  const { registerConfiguredTargets } = await import("@/lib/notify/targets");
  await registerConfiguredTargets();
  fs.writeFileSync(feedFile, buildFeed(items));
  expect(await ingestFeed({ kind: "file", path: feedFile }, { trigger: "cli" })).toMatchObject({ status: "ok" });
}

async function until<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const pendingCount = () => countRows(`SELECT count(*) FROM "Notification" WHERE "status" = 'pending'`);

describe("an ingest killed with SIGKILL", () => {
  it("queues nothing when killed before its commit; the next run queues the brief and the worker delivers it once", async () => {
    configure([{ name: "critical-only", path: "/critical", filter: "severity=critical" }]);
    await startWith([sampleItem("known", { severity: "low" })]);

    const bulk = Array.from({ length: 1500 }, (_, index) => sampleItem(`bulk-${index}`, { severity: "low" }));
    fs.writeFileSync(
      feedFile,
      buildFeed([
        sampleItem("known", { severity: "low" }),
        ...bulk,
        sampleItem("the-critical-one", { severity: "critical" }),
      ]),
    );
    const victim = startIngest("victim", "--file", feedFile);
    await victim.waitForLine(/^stored \d+\/\d+$/);
    victim.signal("SIGKILL");
    expect((await victim.exited).signal).toBe("SIGKILL");
    expect(await countRows(`SELECT count(*) FROM "Notification"`)).toBe(0);
    // The lease it left names its node process: the next run takes it over once that is gone.
    const holderPid = Number((await leaseHolder(pathToFileURL(feedFile).href))!.split(":")[1]);
    await until(
      () => processExists(holderPid),
      (exists) => !exists,
      "the killed ingest's process to end",
      10_000,
    );

    const rerun = await startIngest("rerun", "--file", feedFile).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    // Committed with the briefs, and nothing delivers it yet: no server is running.
    expect(await countRows(`SELECT count(*) FROM "Notification" WHERE "status" = 'pending'`)).toBe(1);

    const worker = startNotifyWorker("worker");
    await worker.waitForLine(/"event":"notify.delivered"/);
    await until(pendingCount, (count) => count === 0, "the outbox to empty");
    expect(receiver.to("/critical").map((request) => JSON.parse(request.body).brief.slug)).toEqual([
      "the-critical-one",
    ]);
  }, 120_000);
});

describe("a worker killed with SIGKILL in the middle of a delivery", () => {
  it("leaves the row to the next worker, which delivers it: one answered POST, under the same idempotency key", async () => {
    configure([{ name: "soar", path: "/soar" }]);
    await startWith([sampleItem("known")]);
    fs.writeFileSync(feedFile, buildFeed([sampleItem("known"), sampleItem("in-flight", { severity: "critical" })]));
    expect(await ingestFeed({ kind: "file", path: feedFile }, { trigger: "api" })).toMatchObject({
      status: "ok",
      created: 1,
    });

    // The receiver takes the first POST and never answers it: the worker is killed waiting.
    receiver.respond = (request) => (receiver.to(request.path).length === 1 ? "hold" : { status: 200, body: "ok" });
    const first = startNotifyWorker("first");
    await until(
      () => receiver.to("/soar").length,
      (count) => count === 1,
      "the first POST",
    );
    first.signal("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    const [claimed] = await readRows(`SELECT "status", "attempts", "claimedBy" FROM "Notification"`, [
      "status",
      "attempts",
      "claimedBy",
    ]);
    expect(claimed).toMatchObject({
      status: "pending",
      attempts: 0,
      claimedBy: expect.stringMatching(new RegExp(`^${os.hostname()}:\\d+:`)),
    });

    // Its claim would hold for minutes; the next worker sees the holder is gone and takes the row at once.
    const second = startNotifyWorker("second");
    await second.waitForLine(/"event":"notify.delivered"/);
    const posts = receiver.to("/soar");
    expect(posts).toHaveLength(2);
    expect(posts.map((post) => post.answered)).toEqual([null, 200]);
    expect(posts[1].headers["idempotency-key"]).toBe(posts[0].headers["idempotency-key"]);
    expect(
      await readRows(`SELECT "status", "attempts", "claimedBy" FROM "Notification"`, [
        "status",
        "attempts",
        "claimedBy",
      ]),
    ).toEqual([{ status: "delivered", attempts: 1, claimedBy: null }]);
  }, 60_000);
});

describe("two workers on one database", () => {
  it("deliver every notification exactly once between them", async () => {
    configure([
      { name: "first-target", path: "/one" },
      { name: "second-target", path: "/two" },
    ]);
    await startWith([sampleItem("known")]);
    const fresh = Array.from({ length: 30 }, (_, index) => sampleItem(`burst-${index}`, { severity: "high" }));
    fs.writeFileSync(feedFile, buildFeed([sampleItem("known"), ...fresh]));
    expect(await ingestFeed({ kind: "file", path: feedFile }, { trigger: "api" })).toMatchObject({
      status: "ok",
      created: 30,
    });
    expect(await pendingCount()).toBe(60);

    // A receiver that takes a moment per answer, so both workers are delivering at the same time.
    receiver.respond = () => ({ status: 200, body: "ok", delayMs: 10 });
    const workers = [startNotifyWorker("A", "--batch", "4"), startNotifyWorker("B", "--batch", "4")];
    await until(pendingCount, (count) => count === 0, "the outbox to empty", 60_000);
    for (const worker of workers) worker.signal("SIGKILL");
    const exits = await Promise.all(workers.map((worker) => worker.exited));
    const deliveredBy = exits.map(
      (exit) => exit.stdout.split("\n").filter((line) => line.includes('"event":"notify.delivered"')).length,
    );
    console.info(`two workers delivered ${deliveredBy.join(" and ")} of 60 notifications`);

    const keys = receiver.requests.map((request) => request.headers["idempotency-key"]);
    expect(receiver.requests).toHaveLength(60);
    expect(new Set(keys).size).toBe(60);
    expect(receiver.requests.every((request) => request.answered === 200)).toBe(true);
    expect(deliveredBy[0] + deliveredBy[1]).toBe(60);
    expect(await countRows(`SELECT count(*) FROM "Notification" WHERE "status" = 'delivered' AND "attempts" = 1`)).toBe(
      60,
    );
  }, 90_000);
});
