import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Transform, type TransformCallback, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { BlockedAddressError, isPrivateAddress, publicOnlyLookup } from "@/lib/http/address-guard";
import { parseRetryAfter } from "@/lib/http/retry-after";
import { formatBytes } from "@/lib/format/bytes";
import { errorMessage } from "@/lib/log/error-message";

export type FetchOptions = {
  etag?: string | null;
  lastModified?: string | null;
  allowPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
};

type Validators = { contentType: string | null; etag: string | null; lastModified: string | null; finalUrl: string };

export type FetchResult = { status: "not-modified" } | ({ status: "ok"; body: Buffer } & Validators);

export type DownloadOptions = FetchOptions & {
  filePath: string;
  /** The setting that holds maxBytes, named in the error when a body exceeds it. */
  limitName: string;
  accept?: string;
  onProgress?: (bytes: number) => void;
};

export type DownloadResult = { status: "not-modified" } | ({ status: "ok"; bytes: number } & Validators);

export class FeedFetchError extends Error {
  override name = "FeedFetchError";
  /** How long the host asked us to wait (Retry-After on a 429 or 503), when it said. */
  retryAfterMs: number | null = null;
}

const USER_AGENT = "threat-brief-dashboard/0.1 (RSS reader for security teams)";
const FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1";
const ARCHIVE_ACCEPT =
  "application/zip, application/gzip, application/x-gzip, application/octet-stream;q=0.9, */*;q=0.1";
const MAX_REDIRECTS = 5;
const PROGRESS_INTERVAL_MS = 250;

function checkUrl(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FeedFetchError(`Refused ${url.protocol} URL: http(s) only`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An IP literal never goes through DNS lookup, so it is checked here.
  if (!allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
    throw new BlockedAddressError(`${host} is a private or loopback address (set FEED_ALLOW_PRIVATE=1 to allow)`);
  }
}

function decoders(response: http.IncomingMessage): Transform[] {
  const encoding = (response.headers["content-encoding"] ?? "").toLowerCase().trim();
  if (encoding === "gzip" || encoding === "x-gzip") return [zlib.createGunzip()];
  if (encoding === "deflate") return [zlib.createInflate()];
  if (encoding === "br") return [zlib.createBrotliDecompress()];
  return [];
}

/** Where a response body goes and how its size cap is described. */
type BodySink = {
  accept: string;
  limitMessage: string;
  onProgress?: (bytes: number) => void;
  open: () => Writable;
};

type Hop =
  | { kind: "redirect"; location: string }
  | { kind: "not-modified" }
  | { kind: "body"; bytes: number; headers: http.IncomingHttpHeaders };

/** Counts decoded bytes, failing past the cap before they reach the sink. */
class ByteMeter extends Transform {
  bytes = 0;
  private reportedAt = Date.now();

  constructor(
    private readonly maxBytes: number,
    private readonly sink: BodySink,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(new FeedFetchError(this.sink.limitMessage));
    if (this.sink.onProgress && Date.now() - this.reportedAt >= PROGRESS_INTERVAL_MS) {
      this.reportedAt = Date.now();
      this.sink.onProgress(this.bytes);
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.sink.onProgress?.(this.bytes);
    done();
  }
}

function requestOnce(url: URL, options: FetchOptions, sink: BodySink, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      accept: sink.accept,
      "accept-encoding": "gzip, deflate, br",
    };
    if (options.etag) headers["if-none-match"] = options.etag;
    if (options.lastModified) headers["if-modified-since"] = options.lastModified;
    const transport = url.protocol === "https:" ? https : http;
    const request = transport.request(url, {
      method: "GET",
      headers,
      signal,
      lookup: options.allowPrivate ? undefined : publicOnlyLookup,
    });
    // Idle timeout: a server that stops sending is given up on well before the total limit.
    request.setTimeout(Math.min(options.timeoutMs, 10_000), () =>
      request.destroy(new FeedFetchError(`No data from ${url.host} for 10 s`)),
    );
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
      const counter = new ByteMeter(options.maxBytes, sink);
      pipeline([response, ...decoders(response), counter, sink.open()]).then(
        () => resolve({ kind: "body", bytes: counter.bytes, headers: response.headers }),
        (error: Error) => {
          request.destroy();
          reject(
            error instanceof FeedFetchError
              ? error
              : new FeedFetchError(`Could not read the body from ${url.host}: ${error.message}`),
          );
        },
      );
    });
    request.end();
  });
}

async function follow(address: string, options: FetchOptions, sink: BodySink): Promise<DownloadResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(address);
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  try {
    for (let redirects = 0; ; redirects += 1) {
      checkUrl(url, options.allowPrivate);
      const hop = await requestOnce(url, options, sink, signal);
      if (hop.kind === "not-modified") return { status: "not-modified" };
      if (hop.kind === "body") {
        const header = (name: string) => {
          const value = hop.headers[name];
          return typeof value === "string" ? value : null;
        };
        return {
          status: "ok",
          bytes: hop.bytes,
          contentType: header("content-type"),
          etag: header("etag"),
          lastModified: header("last-modified"),
          finalUrl: url.href,
        };
      }
      if (redirects >= maxRedirects)
        throw new FeedFetchError(`Too many redirects (more than ${maxRedirects}) from ${address}`);
      url = new URL(hop.location, url);
    }
  } catch (error) {
    if (signal.aborted) throw new FeedFetchError(`Timed out after ${options.timeoutMs / 1000} s fetching ${address}`);
    if (error instanceof FeedFetchError || error instanceof BlockedAddressError) throw error;
    const message = errorMessage(error);
    throw new FeedFetchError(`Could not fetch ${address}: ${message}`);
  }
}

/**
 * Fetches a feed over HTTP with the limits a reader of strangers' content needs: http(s) only, at most
 * five redirects each checked again, private addresses refused, a total timeout, a cap on the
 * decoded size, and a conditional GET so an unchanged feed costs one empty response.
 */
export async function fetchFeed(address: string, options: FetchOptions): Promise<FetchResult> {
  const chunks: Buffer[] = [];
  const result = await follow(address, options, {
    accept: FEED_ACCEPT,
    limitMessage: `Feed body exceeds the ${formatBytes(options.maxBytes)} limit (FEED_MAX_BYTES)`,
    open: () =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      }),
  });
  if (result.status === "not-modified") return result;
  const { bytes: _bytes, ...validators } = result;
  return { ...validators, body: Buffer.concat(chunks) };
}

/**
 * Downloads a large body (a rules archive) to `filePath` under the same limits as fetchFeed, streaming
 * it so that the size cap, not memory, bounds what a host can send. A failed download leaves no file.
 */
export async function downloadToFile(address: string, options: DownloadOptions): Promise<DownloadResult> {
  let file: fs.WriteStream | null = null;
  try {
    return await follow(address, options, {
      accept: options.accept ?? ARCHIVE_ACCEPT,
      limitMessage: `Archive body exceeds the ${formatBytes(options.maxBytes)} limit (${options.limitName})`,
      onProgress: options.onProgress,
      open: () => (file = fs.createWriteStream(options.filePath)),
    });
  } catch (error) {
    if (file) {
      const opened: fs.WriteStream = file;
      // The stream may still be opening the file; removing it first would let it reappear.
      if (!opened.closed) await new Promise<void>((resolve) => opened.once("close", () => resolve()));
      await fs.promises.rm(options.filePath, { force: true });
    }
    throw error;
  }
}

export type PostOptions = { allowPrivate: boolean; timeoutMs: number; headers: Record<string, string> };

/** An HTTP answer to a POST, whatever its status. */
export type PostAnswer = {
  status: number;
  statusText: string;
  retryAfterMs: number | null;
  location: string | null;
  body: string;
};

/** Enough of an answer to show why a receiver refused; the rest is read and dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs a JSON body (a notification) under the same rules as fetching: http(s) only, private and
 * loopback addresses refused after DNS unless allowPrivate, an idle and a total timeout. Redirects
 * are not followed: a moved webhook answers 3xx, and the caller reports it. Every HTTP answer
 * resolves, with the start of its body; a network failure or timeout throws FeedFetchError (or
 * BlockedAddressError) naming the host only, since a webhook URL's path is often its secret.
 */
export async function postJson(address: string, body: string, options: PostOptions): Promise<PostAnswer> {
  const url = new URL(address);
  checkUrl(url, options.allowPrivate);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    return await new Promise<PostAnswer>((resolve, reject) => {
      const transport = url.protocol === "https:" ? https : http;
      const request = transport.request(url, {
        method: "POST",
        signal,
        headers: {
          "user-agent": USER_AGENT,
          "content-type": "application/json; charset=utf-8",
          "content-length": String(Buffer.byteLength(body)),
          ...options.headers,
        },
        lookup: options.allowPrivate ? undefined : publicOnlyLookup,
      });
      request.setTimeout(Math.min(options.timeoutMs, 10_000), () =>
        request.destroy(new FeedFetchError(`No answer from ${url.host} for 10 s`)),
      );
      request.on("error", reject);
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept >= MAX_ANSWER_BYTES) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        response.on("error", reject);
        response.on("end", () => {
          const header = (name: string) => {
            const value = response.headers[name];
            return typeof value === "string" ? value : null;
          };
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? "",
            retryAfterMs: parseRetryAfter(header("retry-after")),
            location: header("location"),
            body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString("utf8"),
          });
        });
      });
      request.end(body);
    });
  } catch (error) {
    if (signal.aborted)
      throw new FeedFetchError(`Timed out after ${options.timeoutMs / 1000} s posting to ${url.host}`);
    if (error instanceof FeedFetchError || error instanceof BlockedAddressError) throw error;
    throw new FeedFetchError(`Could not post to ${url.host}: ${errorMessage(error)}`);
  }
}
