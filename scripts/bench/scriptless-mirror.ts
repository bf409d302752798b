// A control for the Lighthouse bench: serves what `next start` serves, but with every script
// taken out of the HTML, so the same markup and CSS can be measured without any JavaScript.
import http from "node:http";
import zlib from "node:zlib";
import { stripScripts } from "@/scripts/bench/support/scriptless";
import { freePort, type RunningServer, type ServerOptions } from "./next-server";
import { errorMessage } from "@/lib/log/error-message";

/** `upstream` is asked per request: the server behind it may be restarted on another port. */
export async function startScriptlessMirror(
  upstream: () => string,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const port = await freePort(options.ports);
  const server = http.createServer((request, response) => {
    const forward = async () => {
      const answer = await fetch(`${upstream()}${request.url ?? "/"}`, { cache: "no-store", redirect: "manual" });
      const type = answer.headers.get("content-type") ?? "application/octet-stream";
      const raw = Buffer.from(await answer.arrayBuffer());
      const body = type.startsWith("text/html") ? Buffer.from(stripScripts(raw.toString("utf8"))) : raw;
      // Compressed like `next start` compresses, so only the scripts differ.
      response.writeHead(answer.status, {
        "content-type": type,
        "content-encoding": "gzip",
        "cache-control": answer.headers.get("cache-control") ?? "no-store",
      });
      response.end(zlib.gzipSync(body));
    };
    forward().catch((error: unknown) => {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(errorMessage(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
