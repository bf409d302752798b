// A reverse proxy that compresses as nginx does with `gzip on`, for the specs that check the API
// behind one. When nginx gzips a response it weakens a strong ETag (`"7"` becomes `W/"7"`), since
// the bytes it sends are no longer the ones the ETag named; a client then sends that weak ETag back
// in If-Match, and the dashboard must still take it. Node's http and zlib, nothing else: the real
// thing is a few lines here, and a proxy that did not really compress would prove nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/** What nginx's gzip_types covers by default plus JSON, as deployments commonly add. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|rss\+xml|atom\+xml))/;

/** Headers that belong to one connection, never forwarded by a proxy. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te"]);

export type CompressingProxy = { baseUrl: string; close(): Promise<void> };

function forwardedHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** Starts the proxy on a free loopback port in front of `upstream` (an http:// origin). */
export async function startCompressingProxy(upstream: string): Promise<CompressingProxy> {
  const target = new URL(upstream);
  const server = http.createServer((request, response) => {
    const outgoing = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        // The upstream sees the Host it is configured for, and is asked for the plain body so that the
        // compressing is the proxy's (nginx: proxy_set_header Accept-Encoding "").
        headers: { ...forwardedHeaders(request.headers), host: target.host, "accept-encoding": "identity" },
      },
      (upstreamResponse) => {
        const headers = forwardedHeaders(upstreamResponse.headers);
        const wantsGzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
        const compress =
          wantsGzip &&
          !upstreamResponse.headers["content-encoding"] &&
          COMPRESSIBLE.test(String(upstreamResponse.headers["content-type"] ?? ""));
        if (!compress) {
          response.writeHead(upstreamResponse.statusCode ?? 502, headers);
          upstreamResponse.pipe(response);
          return;
        }
        delete headers["content-length"];
        const etag = headers.etag;
        if (typeof etag === "string" && etag.startsWith('"')) headers.etag = `W/${etag}`;
        response.writeHead(upstreamResponse.statusCode ?? 502, {
          ...headers,
          "content-encoding": "gzip",
          vary: headers.vary ? `${String(headers.vary)}, Accept-Encoding` : "Accept-Encoding",
        });
        upstreamResponse.pipe(zlib.createGzip()).pipe(response);
      },
    );
    outgoing.on("error", (error) => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
      response.end(`Upstream failed: ${error.message}`);
    });
    request.pipe(outgoing);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
