// Serves e2e/fixtures over HTTP on loopback, standing in for a remote feed host during tests.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const port = Number(process.argv[2] ?? 3101);
const fixtures = path.join(import.meta.dirname, "fixtures");

http
  .createServer((request, response) => {
    const name = path.basename(new URL(request.url ?? "/", "http://localhost").pathname);
    if (name === "health") return void response.end("ok");
    const file = path.join(fixtures, name);
    if (!name.endsWith(".xml") || !fs.existsSync(file)) return void response.writeHead(404).end("not found");
    response.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
    fs.createReadStream(file).pipe(response);
  })
  .listen(port, "127.0.0.1");
