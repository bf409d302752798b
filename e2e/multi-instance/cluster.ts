// What the multi-instance spec runs against: a fresh PostgreSQL database, dashboard servers started
// as `npm run serve` starts one in production (each its own process group, so a kill -9 takes the
// whole server), the command-line ingest, and a feed host on loopback that logs every fetch.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { databaseUrlFor, withServer } from "../../lib/test/postgresql-test-database";

const root = path.resolve(import.meta.dirname, "..", "..");
const logDirectory = path.join(root, "test-results", "multi-instance", "servers");

/** The PostgreSQL server the suite makes its databases on (any database of it; a new one is created beside it). */
export const POSTGRES_SERVER_URL =
  process.env.E2E_POSTGRES_URL?.trim() || "postgresql://postgres@127.0.0.1:55432/postgres";
const PORT_BASE = Number(process.env.E2E_POSTGRES_PORT_BASE ?? 3450);
/** Two servers per pair of ports, the feed host last: ten ports from the base. */
export const PORTS = {
  pair: [PORT_BASE, PORT_BASE + 1],
  schedulingPair: [PORT_BASE + 2, PORT_BASE + 3],
  feedHost: PORT_BASE + 9,
} as const;
export const INGEST_TOKEN = "multi-instance-ingest-token";

type Exit = { code: number | null; signal: NodeJS.Signals | null; output: string };

function exitOf(child: ChildProcess, output: () => string): Promise<Exit> {
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, output: output() })));
}

/** Runs an npm script to its end, as a person would in a shell. */
export async function runNpm(args: string[], env: Record<string, string>): Promise<Exit> {
  const child = spawn("npm", ["run", "--silent", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return exitOf(child, () => output);
}

/** A database of its own on the PostgreSQL server, migrated by `npm run db:migrate`, dropped at the end. */
export class TestDatabase {
  private constructor(
    readonly url: string,
    private readonly name: string,
    private readonly client: pg.Client,
  ) {}

  static async create(label: string): Promise<TestDatabase> {
    const name = `briefs_e2e_${label}_${randomUUID().replaceAll("-", "").slice(0, 8)}`;
    await withServer(POSTGRES_SERVER_URL, (admin) => admin.query(`CREATE DATABASE "${name}"`));
    const url = databaseUrlFor(POSTGRES_SERVER_URL, name);
    const migrated = await runNpm(["db:migrate"], { DATABASE_URL: url });
    if (migrated.code !== 0) throw new Error(`npm run db:migrate failed on ${name}:\n${migrated.output}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new TestDatabase(url, name, client);
  }

  async rows<Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.client.query<Row>(sql, values)).rows;
  }

  async briefCount(): Promise<number> {
    const [row] = await this.rows<{ count: number }>(`SELECT count(*)::int AS count FROM "Brief"`);
    return row.count;
  }

  async drop(): Promise<void> {
    await this.client.end().catch(() => undefined);
    await withServer(POSTGRES_SERVER_URL, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`),
    );
  }
}

export type IngestResponse = {
  status: number;
  body: {
    ok?: boolean;
    results?: {
      status: string;
      feedUrl: string;
      created?: number;
      unchanged?: number;
      seen?: number;
      error?: string;
    }[];
  };
};

/** A dashboard server as `npm run serve` runs it in production, in a process group of its own. */
export class DashboardServer {
  readonly baseUrl: string;
  private readonly exited: Promise<Exit>;
  private done = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    port: number,
    private readonly output: () => string,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.exited = exitOf(child, output).finally(() => (this.done = true));
  }

  static async start(name: string, port: number, env: Record<string, string>): Promise<DashboardServer> {
    fs.mkdirSync(logDirectory, { recursive: true });
    const log = fs.createWriteStream(path.join(logDirectory, `${name}.log`));
    const child = spawn("npm", ["run", "--silent", "serve"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), LISTEN_HOST: "127.0.0.1", ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        log.write(chunk);
      });
    }
    const server = new DashboardServer(name, child, port, () => output);
    await server.waitUntilHealthy();
    return server;
  }

  private async waitUntilHealthy(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.done) throw new Error(`${this.name} exited while starting:\n${this.output()}`);
      const healthy = await fetch(`${this.baseUrl}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} did not answer /api/health within ${timeoutMs / 1000} s:\n${this.output()}`);
  }

  async ingest(feeds: string[]): Promise<IngestResponse> {
    const response = await fetch(`${this.baseUrl}/api/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ feeds }),
    });
    return { status: response.status, body: await response.json() };
  }

  /** kill -9 of the whole server, as a container or an out-of-memory kill stops it: no shutdown code runs. */
  async kill(): Promise<Exit> {
    if (!this.done) process.kill(-this.child.pid!, "SIGKILL");
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.done) return;
    process.kill(-this.child.pid!, "SIGTERM");
    const stopped = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    if (!stopped && !this.done) process.kill(-this.child.pid!, "SIGKILL");
    await this.exited;
  }
}

/** Stands in for the feed publishers: serves what a test publishes and logs when each feed was fetched. */
export class FeedHost {
  private readonly feeds = new Map<string, string>();
  private readonly fetches = new Map<string, number[]>();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  static async start(port: number): Promise<FeedHost> {
    let host: FeedHost | null = null;
    const server = http.createServer((request, response) => host!.answer(request, response));
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
    host = new FeedHost(server, `http://127.0.0.1:${port}`);
    return host;
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const name = new URL(request.url ?? "/", this.baseUrl).pathname.slice(1);
    const body = this.feeds.get(name);
    if (body === undefined) return void response.writeHead(404).end("not found");
    this.fetches.set(name, [...(this.fetches.get(name) ?? []), Date.now()]);
    response.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" }).end(body);
  }

  url(name: string): string {
    return `${this.baseUrl}/${name}`;
  }

  publish(name: string, xml: string): void {
    this.feeds.set(name, xml);
  }

  /** When the feed was fetched, in milliseconds since the epoch, oldest first. */
  fetchTimes(name: string): number[] {
    return [...(this.fetches.get(name) ?? [])];
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
