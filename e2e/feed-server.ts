// Stands in for remote hosts during end-to-end tests, on loopback: the feed host (e2e/fixtures/*.xml),
// GitHub's archive downloads of the two rule libraries, built at start from
// e2e/fixtures/rule-library/<name>/ under a top folder, as GitHub's archives have one, and the
// receivers of notifications (/hooks/<target>).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { buildTarGz, buildZip, type ArchiveEntry } from "../lib/test/rule-archive";

const port = Number(process.argv[2] ?? 3101);
const fixtures = path.join(import.meta.dirname, "fixtures");

function filesUnder(dir: string, prefix: string): ArchiveEntry[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return {
        path: `${prefix}/${path.relative(dir, file).split(path.sep).join("/")}`,
        text: fs.readFileSync(file, "utf8"),
      };
    });
}

const archives = new Map<string, { body: Buffer; etag: string }>();
for (const [name, body] of [
  [
    "elastic.tar.gz",
    await buildTarGz(filesUnder(path.join(fixtures, "rule-library", "elastic"), "detection-rules-main")),
  ],
  ["sigmahq.zip", await buildZip(filesUnder(path.join(fixtures, "rule-library", "sigmahq"), "sigma-master"))],
] as const) {
  archives.set(name, { body, etag: `"${name}-${body.length}"` });
}

/** Notifications the dashboard posted to /hooks/<target>, in arrival order, for e2e/subscriptions.spec.ts to read. */
const received: { target: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

/** A webhook receiver: /hooks/gone-* answers 404 as a deleted Slack or Teams hook does, any other hook 200. */
function receiveHook(request: http.IncomingMessage, response: http.ServerResponse, target: string): void {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({ target, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    if (target.startsWith("gone-"))
      return void response.writeHead(404, { "content-type": "text/plain" }).end("no_service");
    response.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
}

http
  .createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    if (pathname === "/hooks/received")
      return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received));
    if (request.method === "POST" && pathname.startsWith("/hooks/"))
      return receiveHook(request, response, pathname.slice("/hooks/".length));
    const name = path.basename(pathname);
    if (name === "health") return void response.end("ok");
    const archive = archives.get(name);
    if (archive) {
      if (request.headers["if-none-match"] === archive.etag)
        return void response.writeHead(304, { etag: archive.etag }).end();
      return void response
        .writeHead(200, { "content-type": "application/octet-stream", etag: archive.etag })
        .end(archive.body);
    }
    const file = path.join(fixtures, name);
    if (!name.endsWith(".xml") || !fs.existsSync(file)) return void response.writeHead(404).end("not found");
    response.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
    fs.createReadStream(file).pipe(response);
  })
  .listen(port, "127.0.0.1");
