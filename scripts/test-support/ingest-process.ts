import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

export type IngestExit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Every line any child process printed, in the order this process read them: shows how runs interleaved. */
export const printedLines: { label: string; stream: "stdout" | "stderr"; line: string }[] = [];

const live = new Set<IngestProcess>();

type Waiter = { pattern: RegExp; resolve: (match: RegExpMatchArray) => void; reject: (error: Error) => void };

/**
 * A script run as `npm run` runs it (tsx → node → the script), as a child process on this test
 * file's database (DATABASE_URL is inherited from lib/test/setup-database.ts): the real
 * `npm run ingest` entry point, or a notification worker (test-support/notify-worker.ts).
 *
 * tsx runs the script in a second node process of its own, so signalling the tsx pid alone would
 * leave the process that holds the database running. Each run is therefore started as its own
 * process group, and every signal goes to the whole group — as `kill -9` of a container or an
 * OOM kill would.
 */
export class IngestProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<IngestExit>;
  stdout = "";
  stderr = "";
  private waiters: Waiter[] = [];
  private lines: string[] = [];
  private finished: IngestExit | null = null;

  constructor(
    readonly label: string,
    args: string[],
    script = "scripts/ingest.ts",
  ) {
    this.child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", script, ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (this.child.pid === undefined) throw new Error(`Could not start ${label}`);
    this.pid = this.child.pid;
    live.add(this);

    this.readLines("stdout");
    this.readLines("stderr");
    this.exited = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        live.delete(this);
        this.finished = { code, signal, stdout: this.stdout, stderr: this.stderr };
        for (const waiter of this.waiters.splice(0)) {
          waiter.reject(
            new Error(
              `${this.label} exited (code ${code}, signal ${signal}) before printing ${waiter.pattern}:\n${this.stdout}${this.stderr}`,
            ),
          );
        }
        resolve(this.finished);
      });
    });
  }

  private readLines(stream: "stdout" | "stderr") {
    let partial = "";
    this.child[stream]!.setEncoding("utf8").on("data", (chunk: string) => {
      this[stream] += chunk;
      partial += chunk;
      let end: number;
      while ((end = partial.indexOf("\n")) >= 0) {
        const line = partial.slice(0, end);
        partial = partial.slice(end + 1);
        printedLines.push({ label: this.label, stream, line });
        this.lines.push(line);
        this.waiters = this.waiters.filter((waiter) => {
          const match = line.match(waiter.pattern);
          if (match) waiter.resolve(match);
          return !match;
        });
      }
    });
  }

  /** Resolves with the first printed line (stdout or stderr) matching pattern; rejects if the run ends first. */
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray> {
    for (const line of this.lines) {
      const match = line.match(pattern);
      if (match) return Promise.resolve(match);
    }
    if (this.finished) return Promise.reject(new Error(`${this.label} already exited without printing ${pattern}`));
    return new Promise((resolve, reject) => this.waiters.push({ pattern, resolve, reject }));
  }

  /** Sends signal to the run's whole process group (tsx and the node process it started). */
  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
}

export function startIngest(label: string, ...args: string[]): IngestProcess {
  return new IngestProcess(label, args);
}

/** The server's notification worker in a process of its own (see test-support/notify-worker.ts). */
export function startNotifyWorker(label: string, ...args: string[]): IngestProcess {
  return new IngestProcess(label, args, "scripts/test-support/notify-worker.ts");
}

/** For afterEach: no child outlives its test, whatever state (stopped, blocked) it is in. */
export async function killAllChildren(): Promise<void> {
  const running = [...live];
  for (const run of running) run.signal("SIGKILL");
  await Promise.all(running.map((run) => run.exited));
  printedLines.length = 0;
}

/** Whether a process with this pid still exists on this host (what the lease code checks). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
  return true;
}
