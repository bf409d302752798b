import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { generateSyntheticFeed } from "../../scripts/bench/support/synthetic-feed";
import { buildFeed, sampleItem } from "../../lib/test/feed-builder";
import { processExists } from "../../scripts/test-support/ingest-process";
import { DashboardServer, FeedHost, INGEST_TOKEN, PORTS, runNpm, TestDatabase } from "./cluster";

/**
 * A commit shows on every server at once: the other server's cached page is dropped by the commit's
 * notification, not by the cache's 60 s expiry. Typically under a second (the test prints it); the
 * bound leaves room for a loaded machine while staying far inside the expiry it must beat.
 */
const VISIBLE_WITHIN_MS = 10_000;
const LARGE_FEED_ITEMS = 5000;
const SHARED_FEED_ITEMS = 1500;
/** Written by the killed run before the kill: the store is well under way, not merely begun. */
const WRITTEN_BEFORE_KILL_BYTES = 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let feedHost: FeedHost;

test.beforeAll(async () => {
  feedHost = await FeedHost.start(PORTS.feedHost);
});

test.afterAll(async () => {
  await feedHost?.close();
});

function serverEnv(database: TestDatabase, feedNames: string[], intervalMinutes = "0"): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    FEED_URLS: feedNames.map((name) => feedHost.url(name)).join(","),
    FEED_ALLOW_PRIVATE: "1",
    // The large feed is larger than the 15 MiB a feed may have by default.
    FEED_MAX_BYTES: String(64 * 1024 * 1024),
    INGEST_TOKEN,
    INGEST_INTERVAL_MINUTES: intervalMinutes,
    RULE_SOURCES: "",
    RULES_SYNC_INTERVAL_HOURS: "0",
    NOTIFY_CONFIG: "",
  };
}

/**
 * Loads the list until the server answers it from memory, which must not list `title`. Twice is
 * usually enough; a commit in between (a server finishing its start-up work) makes it render again.
 */
async function loadCachedListWithout(page: Page, url: string, title: string): Promise<void> {
  const answers: (string | undefined)[] = [];
  while (answers.at(-1) !== "hit" && answers.length < 5)
    answers.push((await page.goto(url))?.headers()["x-page-cache"]);
  expect(answers.at(-1), `the list page is kept by the server (answers: ${answers.join(", ")})`).toBe("hit");
  await expect(page.getByRole("link", { name: title, exact: true })).toHaveCount(0);
  // The page prefetches the briefs it links to: let that finish, as it has for someone reading the list.
  await page.waitForLoadState("networkidle");
}

/** Loads the list again and again until it lists `title`; how long after `since` it first did. */
async function millisecondsUntilListed(page: Page, url: string, title: string, since: number): Promise<number> {
  // Looks well past the promise, so that a failure says by how much it was missed.
  const giveUpAt = since + 15_000;
  for (;;) {
    // Once the HTML is parsed the brief is on screen; stylesheets and scripts come from the browser's cache.
    await page.goto(url, { waitUntil: "domcontentloaded" });
    if ((await page.getByRole("link", { name: title, exact: true }).count()) > 0) return Date.now() - since;
    if (Date.now() > giveUpAt) throw new Error(`"${title}" was still not listed on ${url} 15 s after its ingest`);
  }
}

type RunRow = { status: string; error: string | null; created: number; unchanged: number; startedMs: number };

async function runsOf(database: TestDatabase, feedUrl: string): Promise<RunRow[]> {
  return database.rows<RunRow>(
    `SELECT r."status", r."error", r."created", r."unchanged", (EXTRACT(EPOCH FROM r."startedAt") * 1000)::float8 AS "startedMs"
     FROM "IngestRun" r JOIN "Feed" f ON f."id" = r."feedId" WHERE f."url" = $1 ORDER BY r."startedAt"`,
    [feedUrl],
  );
}

test.describe("two servers on one PostgreSQL database", () => {
  const feeds = { news: "news.xml", shared: "shared.xml", large: "large.xml" };
  let database: TestDatabase;
  let one: DashboardServer;
  let two: DashboardServer;

  test.beforeAll(async () => {
    database = await TestDatabase.create("pair");
    const env = serverEnv(database, Object.values(feeds));
    [one, two] = await Promise.all(
      PORTS.pair.map((port, index) => DashboardServer.start(`server-${index + 1}`, port, env)),
    );
  });

  test.afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await database?.drop();
  });

  test("a brief ingested through one server's API, or by the command line, shows on the other's cached list at once, not when the cache expires", async ({
    page,
  }) => {
    const list = `${two.baseUrl}/`;
    const stamp = Date.now();

    const throughApi = sampleItem(`multi-instance-api-${stamp}`, {
      title: `Token replay seen through server one ${stamp}`,
      pubDate: new Date().toUTCString(),
    });
    await loadCachedListWithout(page, list, throughApi.title!);
    feedHost.publish(feeds.news, buildFeed([throughApi]));
    const response = await one.ingest([feedHost.url(feeds.news)]);
    const apiAnsweredAt = Date.now();
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([expect.objectContaining({ status: "ok", created: 1 })]);
    const afterApi = await millisecondsUntilListed(page, list, throughApi.title!, apiAnsweredAt);

    const throughCli = sampleItem(`multi-instance-cli-${stamp}`, {
      title: `Consent phishing loaded from the command line ${stamp}`,
      pubDate: new Date().toUTCString(),
    });
    await loadCachedListWithout(page, list, throughCli.title!);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "multi-instance-"));
    const file = path.join(directory, "cli-feed.xml");
    fs.writeFileSync(file, buildFeed([throughCli]));
    const cli = await runNpm(["ingest", "--", "--file", file], { DATABASE_URL: database.url });
    const cliExitedAt = Date.now();
    fs.rmSync(directory, { recursive: true, force: true });
    expect(cli.code, cli.output).toBe(0);
    expect(cli.output).toMatch(/1 seen, 1 new, 0 updated, 0 unchanged/);
    const afterCli = await millisecondsUntilListed(page, list, throughCli.title!, cliExitedAt);

    console.info(`Listed on the other server after: API ingest ${afterApi} ms, command line ${afterCli} ms`);
    expect(afterApi).toBeLessThanOrEqual(VISIBLE_WITHIN_MS);
    expect(afterCli).toBeLessThanOrEqual(VISIBLE_WITHIN_MS);
  });

  test("two ingests of one feed at once, one through each server, store each brief once", async () => {
    const feedUrl = feedHost.url(feeds.shared);
    feedHost.publish(
      feeds.shared,
      generateSyntheticFeed({ items: SHARED_FEED_ITEMS, seed: 1401, startIndex: 100_000 }),
    );
    const before = await database.briefCount();

    const answers = await Promise.all([one.ingest([feedUrl]), two.ingest([feedUrl])]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.ok).toBe(true);
    }
    const results = answers.flatMap((answer) => answer.body.results ?? []);
    // One run stores the feed; the other finds it leased ("busy"), or comes after and finds every brief stored.
    expect(results.map((result) => result.status)).not.toContain("failed");
    expect(results.reduce((sum, result) => sum + (result.created ?? 0), 0)).toBe(SHARED_FEED_ITEMS);
    expect(await database.briefCount()).toBe(before + SHARED_FEED_ITEMS);
    const [search] = await database.rows<{ documents: number; briefs: number }>(
      `SELECT (SELECT count(*)::int FROM "BriefSearch") AS documents, (SELECT count(*)::int FROM "Brief") AS briefs`,
    );
    expect(search.documents).toBe(search.briefs);
    console.info(`Concurrent runs: ${results.map((result) => result.status).join(", ")}`);
  });

  test("kill -9 of a server in the middle of storing loses nothing: the other serves on and then stores the whole feed", async ({
    page,
  }) => {
    const feedUrl = feedHost.url(feeds.large);
    feedHost.publish(feeds.large, generateSyntheticFeed({ items: LARGE_FEED_ITEMS, seed: 1402, startIndex: 200_000 }));
    const before = await database.briefCount();
    const [{ size: sizeBefore }] = await database.rows<{ size: string }>(
      `SELECT pg_total_relation_size('"Brief"') AS size`,
    );

    // The answer never comes: the server dies first.
    const doomed = one.ingest([feedUrl]).catch((error: unknown) => error);
    const writtenBeforeKill = await waitUntilStoring(database, feedUrl, Number(sizeBefore));
    const killed = await one.kill();
    expect(killed.signal).toBe("SIGKILL");
    await doomed;

    const afterKill = await database.briefCount();
    // All or nothing: the kill landed before the commit (nothing stored) or, at worst, just after it.
    expect([before, before + LARGE_FEED_ITEMS]).toContain(afterKill);
    const served = await page.goto(`${two.baseUrl}/`);
    expect(served?.status()).toBe(200);
    await expect(page.getByText(`${afterKill} briefs`, { exact: true })).toBeVisible();

    // The lease names the killed server's process. Once that process is gone from this host (its
    // parent reaps it), the other server takes the lease over at once, long before it would expire.
    const [lease] = await database.rows<{ holder: string }>(`SELECT "holder" FROM "IngestLease" WHERE "feedUrl" = $1`, [
      feedUrl,
    ]);
    if (lease)
      await expect.poll(() => processExists(Number(lease.holder.split(":")[1])), { timeout: 60_000 }).toBe(false);
    const retry = await two.ingest([feedUrl]);
    expect(retry.status).toBe(200);
    expect(retry.body.results).toEqual([expect.objectContaining({ status: "ok", seen: LARGE_FEED_ITEMS })]);
    expect(await database.briefCount()).toBe(before + LARGE_FEED_ITEMS);
    const runs = await runsOf(database, feedUrl);
    expect(runs.at(-1)).toMatchObject({ status: "ok", created: afterKill === before ? LARGE_FEED_ITEMS : 0 });
    expect(runs.filter((run) => run.status !== "ok")).toEqual([
      expect.objectContaining({ status: "failed", error: expect.stringMatching(/Interrupted/) }),
    ]);

    await page.goto(`${two.baseUrl}/`);
    await expect(page.getByText(`${before + LARGE_FEED_ITEMS} briefs`, { exact: true })).toBeVisible();
    console.info(
      `kill -9 landed ${afterKill === before ? "before the commit" : "after the commit"}, ${(writtenBeforeKill / 2 ** 20).toFixed(1)} MiB into the store`,
    );
  });
});

/**
 * Waits until another connection is storing briefs in an open transaction (it holds Brief's write
 * lock) and has written a good part of them (the table grows with rows not yet committed), or the
 * run has ended.
 */
async function waitUntilStoring(database: TestDatabase, feedUrl: string, sizeBefore: number): Promise<number> {
  const giveUpAt = Date.now() + 120_000;
  while (Date.now() < giveUpAt) {
    const [state] = await database.rows<{ writing: boolean; size: string }>(
      `SELECT EXISTS (
                SELECT FROM pg_locks
                WHERE "database" = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND relation = '"Brief"'::regclass AND mode = 'RowExclusiveLock' AND granted AND pid <> pg_backend_pid()
              ) AS writing,
              pg_total_relation_size('"Brief"') AS size`,
    );
    const written = Number(state.size) - sizeBefore;
    if (state.writing && written >= WRITTEN_BEFORE_KILL_BYTES) return written;
    const runs = await runsOf(database, feedUrl);
    if (runs.length > 0 && runs.at(-1)!.status !== "running") return written;
    await sleep(25);
  }
  throw new Error("The ingest never began storing");
}

test.describe("two servers with their schedulers on", () => {
  const INTERVAL_MINUTES = 0.05;
  const intervalMs = INTERVAL_MINUTES * 60_000;
  const WINDOW_INTERVALS = 10;
  const feedNames = ["scheduled-identity.xml", "scheduled-mail.xml"];
  let database: TestDatabase;
  let servers: DashboardServer[] = [];

  test.beforeAll(async () => {
    feedNames.forEach((name, index) => {
      feedHost.publish(
        name,
        buildFeed(
          [1, 2, 3].map((number) => sampleItem(`scheduled-${index}-${number}`)),
          { title: name },
        ),
      );
    });
    database = await TestDatabase.create("schedulers");
    const env = serverEnv(database, feedNames, String(INTERVAL_MINUTES));
    servers = await Promise.all(
      PORTS.schedulingPair.map((port, index) => DashboardServer.start(`scheduling-server-${index + 1}`, port, env)),
    );
  });

  test.afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  test("each feed is ingested once per interval in all, not once per server", async () => {
    await expect
      .poll(() => Math.min(...feedNames.map((name) => feedHost.fetchTimes(name).length)), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const windowStart = Date.now();
    await sleep(WINDOW_INTERVALS * intervalMs);
    const windowEnd = Date.now();

    const observed: string[] = [];
    for (const name of feedNames) {
      const fetches = feedHost.fetchTimes(name).filter((at) => at >= windowStart && at < windowEnd);
      const runs = (await runsOf(database, feedHost.url(name))).filter(
        (run) => run.startedMs >= windowStart && run.startedMs < windowEnd,
      );
      const gaps = fetches.slice(1).map((at, index) => at - fetches[index]);
      observed.push(
        `${name}: ${fetches.length} fetches, ${runs.length} runs, gaps ${gaps.map((gap) => (gap / 1000).toFixed(1)).join(" ")} s`,
      );

      // Two schedulers each running every feed would fetch it about twice an interval, some fetches moments apart.
      expect(fetches.length, observed.at(-1)).toBeLessThanOrEqual(WINDOW_INTERVALS + 1);
      expect(fetches.length, observed.at(-1)).toBeGreaterThanOrEqual(WINDOW_INTERVALS / 2);
      expect(Math.min(...gaps), observed.at(-1)).toBeGreaterThanOrEqual(intervalMs / 2);
      // Every run fetched once, and every fetch was a recorded run (one may straddle the window's edges).
      expect(Math.abs(runs.length - fetches.length), observed.at(-1)).toBeLessThanOrEqual(1);
      expect(
        runs.filter((run) => !["ok", "running"].includes(run.status)),
        observed.at(-1),
      ).toEqual([]);
    }
    console.info(`Scheduled over ${WINDOW_INTERVALS} intervals: ${observed.join("; ")}`);
  });
});
