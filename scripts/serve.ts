// Serves the built dashboard: Next's request handler behind the shared-page cache
// (lib/page-cache/shared-page-handler.ts). `npm run serve` runs it after applying migrations.
//   PORT (default 3000) and LISTEN_HOST (default: every interface) choose where it listens.
import http from "node:http";
import path from "node:path";
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from "@/lib/auth/client-address";
import { readEnv } from "@/lib/env";
import { loadNotifyConfig } from "@/lib/notify/config";
import { createSharedPageHandler } from "@/lib/page-cache/shared-page-handler";

const root = path.resolve(import.meta.dirname, "..");
const SHUTDOWN_TIMEOUT_MS = 10_000;

function listenAddress(): { port: number; hostname: string | undefined } {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  return { port, hostname: process.env.LISTEN_HOST || undefined };
}

/** Where this server can reach itself: loopback unless it listens on one address only. */
function ownHost(hostname: string | undefined): string {
  if (!hostname || hostname === "0.0.0.0" || hostname === "::") return "127.0.0.1";
  return hostname;
}

async function main(): Promise<void> {
  const { port, hostname } = listenAddress();
  // A bad setting or notification target stops start-up here, named, before Next loads.
  const { TRUST_PROXY_HOPS } = readEnv();
  loadNotifyConfig();
  // What `next start` does: the production build, and the chosen port for code that builds links.
  Object.assign(process.env, { NODE_ENV: "production", PORT: String(port) });
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const serveSharedPage = createSharedPageHandler({ host: ownHost(hostname), port });

  const server = http.createServer((request, response) => {
    // Route handlers cannot see the socket: the address they throttle and audit comes from here, and a
    // client's own header of that name is replaced.
    const forwardedFor = request.headers["x-forwarded-for"];
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(
      request.socket.remoteAddress,
      Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
      TRUST_PROXY_HOPS,
    );
    serveSharedPage(request, response)
      .then((served) => (served ? undefined : handle(request, response)))
      .catch((error: unknown) => {
        console.error(error);
        if (!response.headersSent) response.statusCode = 500;
        response.end();
      });
  });
  server.listen(port, hostname, () => console.log(`Dashboard listening on http://${hostname ?? "localhost"}:${port}`));

  const shutDown = () => {
    setTimeout(() => process.exit(0), SHUTDOWN_TIMEOUT_MS).unref();
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once("SIGTERM", shutDown);
  process.once("SIGINT", shutDown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
