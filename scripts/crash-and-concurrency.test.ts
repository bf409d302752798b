import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateSyntheticFeed } from "@/scripts/bench/support/synthetic-feed";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import {
  briefState,
  checkDatabaseIntegrity,
  clearIngestTables,
  countRows,
  leaseHolder,
  runsOf,
} from "./test-support/database-state";
import { killAllChildren, printedLines, processExists, startIngest } from "./test-support/ingest-process";

/**
 * Crash safety and concurrency of the real ingest CLI against this file's real database: a SQLite
 * file (WAL mode), or a PostgreSQL database when the suite runs there (writers then take turns
 * through lib/write-order.ts as SQLite's write lock makes them).
 * Every wait is on a line the CLI prints or on a process ending — never on a sleep — and every
 * child is killed after its test, so a failure cannot leave a run behind.
 *
 * Sizes: storing costs a few milliseconds per brief on a 2-core machine, so these feeds keep each
 * store transaction open for several seconds (the kill and the overlaps land well inside it)
 * while the whole file stays within about a minute.
 */
const BIG_FEED_ITEMS = 3000;
const MEDIUM_FEED_ITEMS = 2500;
const SHORT_FEED_ITEMS = 1200;

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "crash-concurrency-"));

/** Synthetic feeds are numbered globally: distinct startIndex ranges never share a brief. */
function writeSyntheticFeed(name: string, options: { items: number; seed: number; startIndex: number }) {
  const file = path.join(directory, name);
  fs.writeFileSync(file, generateSyntheticFeed(options));
  return { file, url: pathToFileURL(file).href };
}

const STORED = /^stored (\d+)\/(\d+)$/;

beforeEach(() => clearIngestTables());

afterEach(async () => {
  await killAllChildren();
});

afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("an ingest killed with SIGKILL in the middle of storing", () => {
  it("leaves the database exactly as it was, and the next run reclaims the lease and stores the whole feed", async () => {
    // The old state: a small, different feed already stored.
    const oldFeed = writeSyntheticFeed("old.xml", { items: 40, seed: 11, startIndex: 900_000 });
    const first = await startIngest("old", "--file", oldFeed.file).exited;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/40 seen, 40 new, 0 updated, 0 unchanged/);
    const before = await briefState();
    expect(before).toMatchObject({ briefs: 40, searchDocuments: 40 });

    const big = writeSyntheticFeed("big.xml", { items: BIG_FEED_ITEMS, seed: 7, startIndex: 0 });
    const victim = startIngest("victim", "--file", big.file);
    // "stored N/total" is printed inside the one write transaction, after its first N briefs were written.
    const [line, done, total] = await victim.waitForLine(STORED);
    victim.signal("SIGKILL");
    const killed = await victim.exited;
    console.info(`kill -9 landed after "${line}" (last stderr line: "${killed.stderr.trim().split("\n").at(-1)}")`);
    expect(Number(done)).toBeGreaterThanOrEqual(500);
    expect(Number(total)).toBe(BIG_FEED_ITEMS);
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.stdout).not.toMatch(/seen/); // it never reached its summary, so it never committed

    // What the crash left: the lease of a process that no longer exists, and a run still marked running.
    const holder = await leaseHolder(big.url);
    expect(holder).toMatch(new RegExp(`^${os.hostname()}:\\d+:`));
    const holderPid = Number(holder!.split(":")[1]);
    await expect.poll(() => processExists(holderPid), { timeout: 10_000, interval: 50 }).toBe(false);
    expect((await runsOf(big.url)).map((run) => run.status)).toEqual(["running"]);

    // All or nothing: the file is sound, and briefs, tags, links and the search index are the old state.
    expect(await checkDatabaseIntegrity()).toBe("ok");
    expect(await briefState()).toEqual(before);

    // The next run is not blocked by the dead run's lease, closes its run as interrupted, and stores everything.
    const rerun = await startIngest("rerun", "--file", big.file).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`${BIG_FEED_ITEMS} seen, ${BIG_FEED_ITEMS} new, 0 updated, 0 unchanged`));
    const runs = await runsOf(big.url);
    expect(runs.map((run) => run.status)).toEqual(["failed", "ok"]);
    expect(runs[0].error).toMatch(/^Interrupted/);
    expect(runs[0].finishedAt).not.toBeNull();
    expect(await leaseHolder(big.url)).toBeUndefined();

    const after = await briefState();
    expect(after).toMatchObject({ briefs: 40 + BIG_FEED_ITEMS, searchDocuments: 40 + BIG_FEED_ITEMS });
    expect(await checkDatabaseIntegrity()).toBe("ok");
  }, 120_000);
});

describe("two runs of the same feed at once", () => {
  it("started together: neither fails, one stores, the other skips or finds everything unchanged, no duplicates", async () => {
    const feed = writeSyntheticFeed("same.xml", { items: SHORT_FEED_ITEMS, seed: 21, startIndex: 100_000 });
    const runs = [startIngest("first", "--file", feed.file), startIngest("second", "--file", feed.file)];
    const exits = await Promise.all(runs.map((run) => run.exited));
    console.info(`two runs of one feed started together:\n  ${exits.map((exit) => exit.stdout.trim()).join("\n  ")}`);

    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
    const stored = new RegExp(`${SHORT_FEED_ITEMS} seen, ${SHORT_FEED_ITEMS} new, 0 updated, 0 unchanged`);
    const other = new RegExp(
      `skipped, another run is ingesting this feed right now|${SHORT_FEED_ITEMS} seen, 0 new, 0 updated, ${SHORT_FEED_ITEMS} unchanged`,
    );
    const storers = exits.filter((exit) => stored.test(exit.stdout));
    expect(storers).toHaveLength(1);
    const loser = exits.find((exit) => exit !== storers[0])!;
    expect(loser.stdout).toMatch(other);
    const skipped = /skipped/.test(loser.stdout);

    expect(await briefState()).toMatchObject({ briefs: SHORT_FEED_ITEMS, searchDocuments: SHORT_FEED_ITEMS });
    expect(await countRows(`SELECT count(*) FROM "BriefFeed"`)).toBe(SHORT_FEED_ITEMS);
    expect(await countRows(`SELECT count(DISTINCT "identity") FROM "Brief"`)).toBe(SHORT_FEED_ITEMS);
    // A skipped run records no run; one that waited its turn records an "ok" run that created nothing.
    expect((await runsOf(feed.url)).map((run) => [run.status, run.created])).toEqual(
      skipped
        ? [["ok", SHORT_FEED_ITEMS]]
        : [
            ["ok", SHORT_FEED_ITEMS],
            ["ok", 0],
          ],
    );
    expect(await countRows(`SELECT count(*) FROM "IngestLease"`)).toBe(0);
    expect(await checkDatabaseIntegrity()).toBe("ok");
  }, 60_000);

  it("while one run holds the write lock mid-store, a second CLI run and an in-process run skip at once instead of failing", async () => {
    const feed = writeSyntheticFeed("held.xml", { items: SHORT_FEED_ITEMS, seed: 22, startIndex: 200_000 });
    const holder = startIngest("holder", "--file", feed.file);
    await holder.waitForLine(STORED);
    // Freeze it inside its store transaction: it keeps the lease and SQLite's write lock for as long
    // as we like — a stand-in for a feed that takes longer to store than the 30 s busy timeout.
    holder.signal("SIGSTOP");

    const second = await startIngest("second", "--file", feed.file).exited;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/skipped, another run is ingesting this feed right now/);

    // The scheduler and the API call ingestFeed in the dashboard's process: same answer.
    const inProcess = await ingestFeed({ kind: "file", path: feed.file }, { trigger: "api" });
    expect(inProcess).toEqual({ status: "busy", feedUrl: feed.url });

    holder.signal("SIGCONT");
    const finished = await holder.exited;
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(new RegExp(`${SHORT_FEED_ITEMS} seen, ${SHORT_FEED_ITEMS} new`));

    expect(await briefState()).toMatchObject({ briefs: SHORT_FEED_ITEMS, searchDocuments: SHORT_FEED_ITEMS });
    expect((await runsOf(feed.url)).map((run) => run.status)).toEqual(["ok"]);
    expect(await countRows(`SELECT count(*) FROM "IngestLease"`)).toBe(0);
    expect(await checkDatabaseIntegrity()).toBe("ok");
  }, 60_000);
});

describe("two different feeds ingested at once by two processes", () => {
  it("both succeed — the second store transaction waits for the first one's write lock — and the totals add up", async () => {
    const longer = writeSyntheticFeed("longer.xml", { items: MEDIUM_FEED_ITEMS, seed: 31, startIndex: 300_000 });
    const shorter = writeSyntheticFeed("shorter.xml", { items: SHORT_FEED_ITEMS, seed: 32, startIndex: 400_000 });

    // B records its run and parses, then is frozen while it normalises (before its transaction), so
    // that A can start storing; B resumes while A's transaction is still open, and its own store
    // transaction must queue behind it.
    const b = startIngest("B", "--file", shorter.file);
    await b.waitForLine(new RegExp(`^parsed ${SHORT_FEED_ITEMS} items$`));
    b.signal("SIGSTOP");
    const a = startIngest("A", "--file", longer.file);
    await a.waitForLine(STORED);
    b.signal("SIGCONT");

    const [exitA, exitB] = await Promise.all([a.exited, b.exited]);
    const order = printedLines
      .filter((entry) => STORED.test(entry.line))
      .map((entry) => `${entry.label} ${entry.line}`);
    console.info(`two feeds at once, progress in the order printed:\n  ${order.join("\n  ")}`);
    expect(exitA.code, exitA.stderr).toBe(0);
    expect(exitB.code, exitB.stderr).toBe(0);
    expect(exitA.stdout).toMatch(new RegExp(`${MEDIUM_FEED_ITEMS} seen, ${MEDIUM_FEED_ITEMS} new`));
    expect(exitB.stdout).toMatch(new RegExp(`${SHORT_FEED_ITEMS} seen, ${SHORT_FEED_ITEMS} new`));

    const total = MEDIUM_FEED_ITEMS + SHORT_FEED_ITEMS;
    expect(await briefState()).toMatchObject({ briefs: total, searchDocuments: total });
    expect(await countRows(`SELECT count(*) FROM "BriefFeed"`)).toBe(total);
    expect((await runsOf(longer.url)).map((run) => run.status)).toEqual(["ok"]);
    expect((await runsOf(shorter.url)).map((run) => run.status)).toEqual(["ok"]);
    expect(await countRows(`SELECT count(*) FROM "IngestLease"`)).toBe(0);
    expect(await checkDatabaseIntegrity()).toBe("ok");
  }, 90_000);
});
