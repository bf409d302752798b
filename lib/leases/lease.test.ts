import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { acquireLease, LEASE_HOLDER, LEASE_MS, releaseLease, renewLease } from "@/lib/leases/lease";

const KEY = "https://intel.example.org/feed.xml";

beforeEach(async () => {
  await db.ingestLease.deleteMany();
});

afterEach(async () => {
  vi.useRealTimers();
  await releaseLease(KEY);
});

describe("a feed's lease", () => {
  it("stays with a holder on another server until it expires, then goes to the next run", async () => {
    const now = new Date();
    // A server elsewhere took it and was then killed: nothing on this host can tell it is gone.
    await db.ingestLease.create({
      data: { feedUrl: KEY, holder: "other-server:4242:0c0ffee0", expiresAt: new Date(now.getTime() + LEASE_MS) },
    });
    expect(await acquireLease(KEY, now)).toBe(false);
    expect(await acquireLease(KEY, new Date(now.getTime() + LEASE_MS - 1000))).toBe(false);

    expect(await acquireLease(KEY, new Date(now.getTime() + LEASE_MS + 1000))).toBe(true);
    expect(await db.ingestLease.findUniqueOrThrow({ where: { feedUrl: KEY } })).toMatchObject({ holder: LEASE_HOLDER });
  });

  it("is taken at once from a holder killed on this host but not yet reaped by its parent", async () => {
    // The shell becomes `sleep`, which never reaps its child; the child exits a moment later, once the
    // shell is gone (one that exited at once could be reaped by the shell first): a zombie.
    const parent = spawn("sh", ["-c", "sleep 0.3 & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const zombie = Number(
        (await new Promise<Buffer>((resolve) => parent.stdout.once("data", resolve))).toString().trim(),
      );
      for (let tries = 0; tries < 150 && !fs.readFileSync(`/proc/${zombie}/stat`, "utf8").includes(") Z "); tries++)
        execFileSync("sleep", ["0.02"]);
      await db.ingestLease.create({
        data: {
          feedUrl: KEY,
          holder: `${os.hostname()}:${zombie}:deadbeef`,
          expiresAt: new Date(Date.now() + LEASE_MS),
        },
      });
      expect(await acquireLease(KEY)).toBe(true);
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it("is taken at once from a holder on this host that no longer exists", async () => {
    await db.ingestLease.create({
      data: { feedUrl: KEY, holder: `${os.hostname()}:999999999:deadbeef`, expiresAt: new Date(Date.now() + LEASE_MS) },
    });
    expect(await acquireLease(KEY)).toBe(true);
  });

  it("is renewed while its run goes on, so a live holder keeps it past the first expiry", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    expect(await acquireLease(KEY)).toBe(true);
    const taken = (await db.ingestLease.findUniqueOrThrow({ where: { feedUrl: KEY } })).expiresAt;

    await vi.advanceTimersByTimeAsync(LEASE_MS / 4);
    await vi.waitFor(async () =>
      expect((await db.ingestLease.findUniqueOrThrow({ where: { feedUrl: KEY } })).expiresAt.getTime()).toBeGreaterThan(
        taken.getTime(),
      ),
    );

    // Released, it is gone and no longer renewed.
    await releaseLease(KEY);
    await vi.advanceTimersByTimeAsync(LEASE_MS);
    expect(await db.ingestLease.count()).toBe(0);
  });

  it("reports a lease that lapsed and went to another run as lost, and leaves that run's lease alone", async () => {
    expect(await acquireLease(KEY)).toBe(true);
    expect(await renewLease(KEY)).toBe(true);
    await db.ingestLease.update({ where: { feedUrl: KEY }, data: { holder: "other-server:4242:0c0ffee0" } });
    expect(await renewLease(KEY)).toBe(false);
    await releaseLease(KEY);
    expect(await db.ingestLease.findUniqueOrThrow({ where: { feedUrl: KEY } })).toMatchObject({
      holder: "other-server:4242:0c0ffee0",
    });
    await db.ingestLease.deleteMany();
  });
});
