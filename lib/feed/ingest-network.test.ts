import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";

// A hostile or broken feed host on loopback, one path per failure.
const GOOD_FEED = buildFeed([sampleItem("network-kept")]);
// 50 MiB of feed, gzipped so the wire carries little: the cap applies to decoded bytes. Compressed once,
// before the server listens: compressing in the handler blocked this process's event loop for longer than
// the fetch timeout on a busy machine, and the run failed on time instead of on size.
const HUGE_GZIPPED = zlib.gzipSync(
  Buffer.concat([Buffer.from("<rss><channel>"), Buffer.alloc(50 * 1024 * 1024, 0x20), Buffer.from("</channel></rss>")]),
);
let server: http.Server;
let base: string;

beforeAll(async () => {
  process.env.FEED_ALLOW_PRIVATE = "1";
  process.env.FEED_TIMEOUT_MS = "1500";
  process.env.FEED_MAX_BYTES = String(1024 * 1024);
  server = http.createServer((request, response) => {
    switch (request.url) {
      case "/good.xml":
        if (request.headers["if-none-match"] === '"v1"') return void response.writeHead(304).end();
        return void response.writeHead(200, { etag: '"v1"', "content-type": "application/rss+xml" }).end(GOOD_FEED);
      case "/drip.xml": {
        response.writeHead(200, { "content-type": "application/rss+xml" });
        const timer = setInterval(() => response.write(" "), 200);
        response.on("close", () => clearInterval(timer));
        return;
      }
      case "/huge.xml":
        return void response.writeHead(200, { "content-encoding": "gzip" }).end(HUGE_GZIPPED);
      case "/busy.xml":
        return void response.writeHead(503, { "retry-after": "3600" }).end();
      case "/loop":
        return void response.writeHead(302, { location: "/loop-again" }).end();
      case "/loop-again":
        return void response.writeHead(302, { location: "/loop" }).end();
      default:
        return void response.writeHead(500, "Internal Server Error").end("boom");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await ingestFeed({ kind: "url", url: `${base}/good.xml` }, { trigger: "cli" });
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function lastRun(url: string) {
  return db.ingestRun.findFirstOrThrow({ where: { feed: { url } }, orderBy: { startedAt: "desc" } });
}

describe("ingesting from a broken or hostile host", () => {
  it.each([
    ["a server that drips bytes", "/drip.xml", /Timed out after 1.5 s/],
    ["a 50 MiB body", "/huge.xml", /exceeds the 1.0 MiB limit/],
    ["a redirect loop", "/loop", /Too many redirects/],
    ["a server error", "/error.xml", /HTTP 500 Internal Server Error/],
  ])("ends %s as a failed run with the reason, leaving briefs intact", async (_name, path, reason) => {
    const before = await db.brief.findMany({ orderBy: { id: "asc" } });
    const result = await ingestFeed({ kind: "url", url: `${base}${path}` }, { trigger: "scheduler" });
    expect(result).toMatchObject({ status: "failed", error: expect.stringMatching(reason) });
    expect(await lastRun(`${base}${path}`)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(reason),
      finishedAt: expect.any(Date),
    });
    expect(await db.brief.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("records an unchanged feed (304) as not-modified without parsing it", async () => {
    const result = await ingestFeed({ kind: "url", url: `${base}/good.xml` }, { trigger: "scheduler" });
    expect(result.status).toBe("not-modified");
    expect(await lastRun(`${base}/good.xml`)).toMatchObject({ status: "not-modified", seen: 0 });
    expect(await db.brief.count()).toBe(1);
  });
});

describe("backing off from a failing feed", () => {
  it("defers scheduled runs after failures (longer with Retry-After), while a person's run still goes ahead", async () => {
    const url = `${base}/busy.xml`;
    const failed = await ingestFeed({ kind: "url", url }, { trigger: "scheduler" });
    expect(failed).toMatchObject({ status: "failed", error: expect.stringMatching(/HTTP 503/) });
    const feed = await db.feed.findUniqueOrThrow({ where: { url } });
    // The host asked for an hour, more than the five-minute first backoff.
    expect(feed.nextAttemptAt!.getTime() - feed.lastFetchedAt!.getTime()).toBe(3_600_000);

    expect(await ingestFeed({ kind: "url", url }, { trigger: "scheduler" })).toEqual({
      status: "deferred",
      feedUrl: url,
      until: feed.nextAttemptAt,
    });
    expect(await db.ingestRun.count({ where: { feedId: feed.id } })).toBe(1);
    expect(await ingestFeed({ kind: "url", url }, { trigger: "cli" })).toMatchObject({ status: "failed" });
    expect(await db.feed.findUniqueOrThrow({ where: { url } })).toMatchObject({ consecutiveFailures: 2 });
  });

  it("backs off exponentially without Retry-After and clears the wait after a success", async () => {
    const url = `${base}/error.xml`;
    const before = (await db.feed.findUnique({ where: { url } }))?.consecutiveFailures ?? 0;
    await ingestFeed({ kind: "url", url }, { trigger: "cli" });
    const feed = await db.feed.findUniqueOrThrow({ where: { url } });
    expect(feed.consecutiveFailures).toBe(before + 1);
    expect(feed.nextAttemptAt!.getTime() - feed.lastFetchedAt!.getTime()).toBe(5 * 60_000 * 2 ** before);

    await ingestFeed({ kind: "url", url: `${base}/good.xml` }, { trigger: "cli" });
    expect(await db.feed.findUniqueOrThrow({ where: { url: `${base}/good.xml` } })).toMatchObject({
      consecutiveFailures: 0,
      nextAttemptAt: null,
    });
  });
});
