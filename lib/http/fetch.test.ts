import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "@/lib/http/address-guard";
import { downloadToFile, fetchFeed, postJson, type FetchOptions } from "@/lib/http/fetch";

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`;
const ARCHIVE = Buffer.from(Array.from({ length: 300_000 }, (_, index) => (index * 7) % 256));
let server: http.Server;
let base: string;
let workDir: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    switch (url.pathname) {
      case "/feed.xml":
        if (request.headers["if-none-match"] === '"v1"') {
          response.writeHead(304).end();
          return;
        }
        response.writeHead(200, {
          "content-type": "application/rss+xml; charset=utf-8",
          etag: '"v1"',
          "last-modified": "Mon, 06 May 2024 10:00:00 GMT",
        });
        response.end(FEED);
        return;
      case "/gzip.xml":
        response.writeHead(200, { "content-encoding": "gzip" });
        response.end(zlib.gzipSync(FEED));
        return;
      case "/hop":
        response.writeHead(302, { location: `/feed.xml` }).end();
        return;
      case "/loop":
        response.writeHead(301, { location: `/loop` }).end();
        return;
      case "/archive.zip":
        if (request.headers["if-none-match"] === '"a1"') return void response.writeHead(304).end();
        response.writeHead(200, { "content-type": "application/zip", etag: '"a1"' });
        response.end(ARCHIVE);
        return;
      case "/huge":
        response.writeHead(200);
        response.end(Buffer.alloc(64 * 1024, 0x41));
        return;
      case "/slow":
        response.writeHead(200);
        response.write("<rss>");
        return; // never ends
      case "/hook": {
        let received = "";
        request.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
        request.on("end", () =>
          response
            .writeHead(202, "Accepted", { "retry-after": "7" })
            .end(
              `${request.method} ${String(request.headers["content-type"])} ${String(request.headers["x-test"])} ${received}`,
            ),
        );
        return;
      }
      default:
        response.writeHead(500, "Internal Server Error").end("boom");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "fetch-feed-test-"));
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const options: FetchOptions = { allowPrivate: true, maxBytes: 1024 * 1024, timeoutMs: 5_000 };

describe("fetchFeed", () => {
  it("returns the body with its validators, and not-modified when they still match", async () => {
    const first = await fetchFeed(`${base}/feed.xml`, options);
    expect(first).toMatchObject({ status: "ok", etag: '"v1"', lastModified: "Mon, 06 May 2024 10:00:00 GMT" });
    expect(first.status === "ok" && first.body.toString()).toBe(FEED);
    expect(await fetchFeed(`${base}/feed.xml`, { ...options, etag: '"v1"' })).toEqual({ status: "not-modified" });
  });

  it("decompresses gzip bodies and follows a redirect", async () => {
    const gzip = await fetchFeed(`${base}/gzip.xml`, options);
    expect(gzip.status === "ok" && gzip.body.toString()).toBe(FEED);
    const hop = await fetchFeed(`${base}/hop`, options);
    expect(hop).toMatchObject({ status: "ok", finalUrl: `${base}/feed.xml` });
  });

  it("fails clearly on redirect loops, oversize bodies, server errors and stalls", async () => {
    await expect(fetchFeed(`${base}/loop`, options)).rejects.toThrow(/Too many redirects \(more than 5\)/);
    await expect(fetchFeed(`${base}/huge`, { ...options, maxBytes: 1000 })).rejects.toThrow(
      /exceeds the 1000 bytes limit/,
    );
    await expect(fetchFeed(`${base}/broken`, options)).rejects.toThrow(/HTTP 500 Internal Server Error/);
    await expect(fetchFeed(`${base}/slow`, { ...options, timeoutMs: 500 })).rejects.toThrow(
      /Timed out after 0.5 s|No data/,
    );
  });

  it("refuses loopback and private addresses unless allowed, and non-http schemes", async () => {
    await expect(fetchFeed(`${base}/feed.xml`, { ...options, allowPrivate: false })).rejects.toThrow(
      /127\.0\.0\.1 is a private or loopback address/,
    );
    await expect(fetchFeed(`http://localhost:1/feed.xml`, { ...options, allowPrivate: false })).rejects.toThrow(
      /localhost resolves to .*private or loopback/,
    );
    await expect(fetchFeed(`ftp://example.org/feed.xml`, options)).rejects.toThrow(/http\(s\) only/);
  });
});

describe("postJson", () => {
  const post = { allowPrivate: true, timeoutMs: 2000, headers: { "x-test": "yes" } };

  it("posts the body with its headers and resolves with whatever the receiver answers", async () => {
    expect(await postJson(`${base}/hook`, '{"a":1}', post)).toEqual({
      status: 202,
      statusText: "Accepted",
      retryAfterMs: 7000,
      location: null,
      body: 'POST application/json; charset=utf-8 yes {"a":1}',
    });
    expect(await postJson(`${base}/hop`, "{}", post)).toMatchObject({ status: 302, location: "/feed.xml" });
    expect(await postJson(`${base}/nowhere`, "{}", post)).toMatchObject({ status: 500, body: "boom" });
  });

  it("keeps the fetcher's rules: private addresses refused unless allowed, http(s) only, a timeout, errors naming the host only", async () => {
    await expect(postJson(`${base}/hook`, "{}", { ...post, allowPrivate: false })).rejects.toThrow(
      /127\.0\.0\.1 is a private or loopback address/,
    );
    await expect(postJson(`http://localhost:1/secret-path`, "{}", { ...post, allowPrivate: false })).rejects.toThrow(
      /localhost resolves to .*private or loopback/,
    );
    await expect(postJson(`ftp://example.org/hook`, "{}", post)).rejects.toThrow(/http\(s\) only/);
    await expect(postJson(`${base}/slow`, "{}", { ...post, timeoutMs: 300 })).rejects.toThrow(
      /Timed out after 0.3 s posting to 127\.0\.0\.1:\d+$/,
    );
    const refused = postJson("http://127.0.0.1:1/services/T0/B0/SECRET", "{}", post);
    await expect(refused).rejects.toThrow(/^Could not post to 127\.0\.0\.1:1: connect ECONNREFUSED/);
    await expect(refused).rejects.not.toThrow(/SECRET/);
  });
});

describe("downloadToFile", () => {
  const download = (name: string) => ({
    ...options,
    filePath: path.join(workDir, name),
    limitName: "RULES_MAX_ARCHIVE_BYTES",
  });

  it("streams the body to the file, decoded, reporting progress, and answers not-modified to its own etag", async () => {
    const progress: number[] = [];
    const target = download("archive.zip");
    const result = await downloadToFile(`${base}/archive.zip`, {
      ...target,
      onProgress: (bytes) => progress.push(bytes),
    });
    expect(result).toEqual({
      status: "ok",
      bytes: ARCHIVE.length,
      contentType: "application/zip",
      etag: '"a1"',
      lastModified: null,
      finalUrl: `${base}/archive.zip`,
    });
    expect(fs.readFileSync(target.filePath).equals(ARCHIVE)).toBe(true);
    expect(progress.at(-1)).toBe(ARCHIVE.length);

    const gzip = download("gzip.xml");
    await downloadToFile(`${base}/gzip.xml`, gzip);
    expect(fs.readFileSync(gzip.filePath, "utf8")).toBe(FEED);

    const unchanged = download("unchanged.zip");
    expect(await downloadToFile(`${base}/archive.zip`, { ...unchanged, etag: '"a1"' })).toEqual({
      status: "not-modified",
    });
    expect(fs.existsSync(unchanged.filePath)).toBe(false);
  });

  it("fails past the cap, naming the setting, and leaves no partial file", async () => {
    const target = download("huge.bin");
    await expect(downloadToFile(`${base}/huge`, { ...target, maxBytes: 1000 })).rejects.toThrow(
      "Archive body exceeds the 1000 bytes limit (RULES_MAX_ARCHIVE_BYTES)",
    );
    expect(fs.existsSync(target.filePath)).toBe(false);
    await expect(downloadToFile(`${base}/broken`, target)).rejects.toThrow(/HTTP 500/);
    expect(fs.existsSync(target.filePath)).toBe(false);
  });

  it("refuses a private address unless allowed", async () => {
    const target = download("private.zip");
    await expect(downloadToFile(`${base}/archive.zip`, { ...target, allowPrivate: false })).rejects.toThrow(
      /127\.0\.0\.1 is a private or loopback address/,
    );
    expect(fs.existsSync(target.filePath)).toBe(false);
  });
});

describe("isPrivateAddress", () => {
  it("knows the private, loopback and link-local ranges in both families", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});
