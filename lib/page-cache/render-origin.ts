import http from "node:http";
import type { RenderedPage } from "@/lib/page-cache/page-cache";

const RENDER_TIMEOUT_MS = 60_000;
/** Hop-by-hop and encoding headers: the render is asked for plain bytes over its own connection. */
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "accept-encoding",
  "content-length",
  "expect",
  "te",
]);
const NOT_KEPT = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "date",
]);

/** Loopback keeps its sockets open between renders. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * Asks this same server for `pathAndQuery` with the visitor's headers plus `extraHeaders`, and reads
 * the whole answer. Next renders it exactly as it would for the visitor; the cache keeps the result.
 */
export function renderFromOwnServer(
  server: { host: string; port: number },
  pathAndQuery: string,
  headers: Headers,
  extraHeaders: Record<string, string>,
): Promise<RenderedPage> {
  const forwarded: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!NOT_FORWARDED.has(name)) forwarded[name] = value;
  });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: server.host,
        port: server.port,
        path: pathAndQuery,
        method: "GET",
        agent,
        headers: { ...forwarded, "accept-encoding": "identity", ...extraHeaders },
        timeout: RENDER_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const kept: [string, string][] = [];
          for (const [name, value] of Object.entries(response.headers)) {
            if (value === undefined || NOT_KEPT.has(name)) continue;
            for (const one of Array.isArray(value) ? value : [value]) kept.push([name, one]);
          }
          resolve({ status: response.statusCode ?? 500, headers: kept, body: Buffer.concat(chunks).toString("utf8") });
        });
      },
    );
    request.on("timeout", () =>
      request.destroy(new Error(`Rendering ${pathAndQuery} took over ${RENDER_TIMEOUT_MS / 1000} s`)),
    );
    request.on("error", reject);
    request.end();
  });
}
