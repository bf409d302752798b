import http from "node:http";
import https from "node:https";
import net from "node:net";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import { BlockedAddressError, isPrivateAddress, publicOnlyLookup } from "@/lib/feed/address-guard";
import { parseRetryAfter } from "@/lib/feed/backoff";

export type FetchOptions = {
  etag?: string | null;
  lastModified?: string | null;
  allowPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
};

export type FetchResult =
  | { status: "not-modified" }
  | { status: "ok"; body: Buffer; contentType: string | null; etag: string | null; lastModified: string | null; finalUrl: string };

export class FeedFetchError extends Error {
  override name = "FeedFetchError";
  /** How long the host asked us to wait (Retry-After on a 429 or 503), when it said. */
  retryAfterMs: number | null = null;
}

const USER_AGENT = "threat-brief-dashboard/0.1 (RSS reader for security teams)";
const ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1";
const MAX_REDIRECTS = 5;

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

function checkUrl(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FeedFetchError(`Refused ${url.protocol} URL: feeds are fetched over http(s) only`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An IP literal never goes through DNS lookup, so it is checked here.
  if (!allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
    throw new BlockedAddressError(`${host} is a private or loopback address (set FEED_ALLOW_PRIVATE=1 to allow)`);
  }
}

function decompress(response: http.IncomingMessage): Readable {
  const encoding = (response.headers["content-encoding"] ?? "").toLowerCase().trim();
  if (encoding === "gzip" || encoding === "x-gzip") return response.pipe(zlib.createGunzip());
  if (encoding === "deflate") return response.pipe(zlib.createInflate());
  if (encoding === "br") return response.pipe(zlib.createBrotliDecompress());
  return response;
}

type Hop =
  | { kind: "redirect"; location: string }
  | { kind: "not-modified" }
  | { kind: "body"; body: Buffer; headers: http.IncomingHttpHeaders };

function requestOnce(url: URL, options: FetchOptions, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: ACCEPT, "accept-encoding": "gzip, deflate, br" };
    if (options.etag) headers["if-none-match"] = options.etag;
    if (options.lastModified) headers["if-modified-since"] = options.lastModified;
    const transport = url.protocol === "https:" ? https : http;
    const request = transport.request(url, {
      method: "GET",
      headers,
      signal,
      lookup: options.allowPrivate ? undefined : (publicOnlyLookup as unknown as net.LookupFunction),
    });
    // Idle timeout: a server that stops sending is given up on well before the total limit.
    request.setTimeout(Math.min(options.timeoutMs, 10_000), () => request.destroy(new FeedFetchError(`No data from ${url.host} for 10 s`)));
    request.on("error", reject);
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304) {
        response.resume();
        const location = response.headers.location;
        if (!location) return reject(new FeedFetchError(`HTTP ${status} from ${url.host} without a Location header`));
        return resolve({ kind: "redirect", location });
      }
      if (status === 304) {
        response.resume();
        return resolve({ kind: "not-modified" });
      }
      if (status < 200 || status >= 300) {
        response.resume();
        const failure = new FeedFetchError(`HTTP ${status} ${response.statusMessage ?? ""} from ${url.href}`.trim());
        const retryAfter = response.headers["retry-after"];
        failure.retryAfterMs = parseRetryAfter(typeof retryAfter === "string" ? retryAfter : null);
        return reject(failure);
      }
      const chunks: Buffer[] = [];
      let received = 0;
      const body = decompress(response);
      body.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes) {
          request.destroy();
          body.destroy();
          reject(new FeedFetchError(`Feed body exceeds the ${formatBytes(options.maxBytes)} limit (FEED_MAX_BYTES)`));
          return;
        }
        chunks.push(chunk);
      });
      body.on("error", (error) => reject(new FeedFetchError(`Could not read the body from ${url.host}: ${error.message}`)));
      body.on("end", () => resolve({ kind: "body", body: Buffer.concat(chunks), headers: response.headers }));
    });
    request.end();
  });
}

/**
 * Fetches a feed over HTTP with the limits a reader of strangers' content needs: http(s) only, at most
 * five redirects each checked again, private addresses refused, a total timeout, a cap on the
 * decoded size, and a conditional GET so an unchanged feed costs one empty response.
 */
export async function fetchFeed(address: string, options: FetchOptions): Promise<FetchResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(address);
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  try {
    for (let redirects = 0; ; redirects += 1) {
      checkUrl(url, options.allowPrivate);
      const hop = await requestOnce(url, options, signal);
      if (hop.kind === "not-modified") return { status: "not-modified" };
      if (hop.kind === "body") {
        const header = (name: string) => {
          const value = hop.headers[name];
          return typeof value === "string" ? value : null;
        };
        return { status: "ok", body: hop.body, contentType: header("content-type"), etag: header("etag"), lastModified: header("last-modified"), finalUrl: url.href };
      }
      if (redirects >= maxRedirects) throw new FeedFetchError(`Too many redirects (more than ${maxRedirects}) from ${address}`);
      url = new URL(hop.location, url);
    }
  } catch (error) {
    if (signal.aborted) throw new FeedFetchError(`Timed out after ${options.timeoutMs / 1000} s fetching ${address}`);
    if (error instanceof FeedFetchError || error instanceof BlockedAddressError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new FeedFetchError(`Could not fetch ${address}: ${message}`);
  }
}
