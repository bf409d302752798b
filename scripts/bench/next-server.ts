// Starts the dashboard's server (scripts/serve.ts, as `npm run serve` does) on a bench database for a
// measurement, and stops it (and every process it started) afterwards. Shared by the latency, load,
// Lighthouse and first-load JS scripts.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const SERVER_START_TIMEOUT_MS = 120_000;
const SERVER_STOP_TIMEOUT_MS = 10_000;
/** Enough of the server's output to explain a failed start. */
const SERVER_LOG_LIMIT = 20_000;

export type RunningServer = {
  baseUrl: string;
  stop(): Promise<void>;
  /** Resident memory of the server's processes (tsx runs the server in a child); absent or null when unknown. */
  memoryBytes?(): number | null;
};

/** Sum of VmRSS over every process in the group (Linux /proc); null elsewhere. */
function processGroupMemory(groupId: number): number | null {
  let total = 0;
  let found = false;
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of entries) {
    try {
      // Field 5 of /proc/PID/stat is the process group; the command name before it may hold spaces.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== groupId) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) {
        total += Number(rss[1]) * 1024;
        found = true;
      }
    } catch {
      // The process ended while being read.
    }
  }
  return found ? total : null;
}

/** Ports the server may listen on, both ends included; without them the system picks a free one. */
export type ServerOptions = { ports?: { from: number; to: number } };

function listenable(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === "object" ? resolve(address.port) : reject(new Error("No port assigned")),
      );
    });
  });
}

/** On a shared machine each user of `next start` keeps to its own port range. */
export async function freePort(ports: ServerOptions["ports"]): Promise<number> {
  if (!ports) return listenable(0);
  for (let port = ports.from; port <= ports.to; port += 1) {
    const free = await listenable(port).then(
      () => true,
      () => false,
    );
    if (free) return port;
  }
  throw new Error(`No free port in ${ports.from}–${ports.to}`);
}

export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function waitForHealth(baseUrl: string, child: ChildProcess, serverLog: () => string): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${serverLog()}`,
      );
    }
    const status = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.status,
      () => null,
    );
    if (status === 200) return;
    await delay(250);
  }
  throw new Error(`The server was not healthy within ${SERVER_START_TIMEOUT_MS / 1000} s:\n${serverLog()}`);
}

/** Kills the whole process group the server was started in, so no worker it forked outlives it. */
function signalServer(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

export async function startServer(database: string, options: ServerOptions = {}): Promise<RunningServer> {
  // A bench database seeded before a new migration would fail the pages that need it.
  const migrated = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/migrate.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database },
    stdio: "inherit",
  });
  if (migrated.status !== 0) throw new Error(`Migrating ${database} failed`);
  const port = await freePort(options.ports);
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/serve.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: database,
      INGEST_INTERVAL_MINUTES: "0",
      PORT: String(port),
      LISTEN_HOST: "127.0.0.1",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-SERVER_LOG_LIMIT);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);

  const stop = async () => {
    signalServer(child, "SIGTERM");
    const stopped = await Promise.race([
      exited(child).then(() => true),
      delay(SERVER_STOP_TIMEOUT_MS).then(() => false),
    ]);
    if (!stopped) signalServer(child, "SIGKILL");
  };
  try {
    await waitForHealth(baseUrl, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(`Started the server on ${baseUrl} with DATABASE_URL=${database}`);
  return { baseUrl, stop, memoryBytes: () => (child.pid === undefined ? null : processGroupMemory(child.pid)) };
}
