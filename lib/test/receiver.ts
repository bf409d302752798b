import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request a test receiver got, and what it answered (null while held or when dropped). */
export type ReceivedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number | null;
};

/** How the receiver answers: a status (with headers and body, after delayMs), "hold" (never answer), or "drop" (close the connection). */
export type Answer =
  { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | "hold" | "drop";

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request and answers as `respond` says.
 * It can go down (port closed, connections refused) and come back up on the same port.
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  respond: (request: ReceivedRequest) => Answer = () => ({ status: 200, body: "ok" });
  private server: http.Server | null = null;
  private port = 0;

  static async start(): Promise<TestReceiver> {
    const receiver = new TestReceiver();
    await receiver.up();
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Requests to a path, in arrival order. */
  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async up(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const received: ReceivedRequest = {
          method: request.method ?? "",
          path: request.url ?? "/",
          headers: request.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          answered: null,
        };
        this.requests.push(received);
        const answer = this.respond(received);
        if (answer === "hold") return;
        if (answer === "drop") return void request.socket.destroy();
        setTimeout(() => {
          received.answered = answer.status;
          response.writeHead(answer.status, answer.headers).end(answer.body ?? "");
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts every open connection (held requests included): the receiver is down. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
