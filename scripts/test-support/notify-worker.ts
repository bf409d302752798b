// The server's notification worker (lib/notify/worker.ts, started by lib/scheduler.ts) in a process
// of its own, so that tests can kill it with SIGKILL and run two of them on one database without a
// Next build. Reads NOTIFY_CONFIG and DATABASE_URL as the server does; prints one JSON line per
// delivery attempt. Retries are quick, for tests: `--batch N` sets how many rows a pass claims.
import { parseArgs } from "node:util";
import { registerConfiguredTargets } from "@/lib/notify/targets";
import { startNotifyWorker } from "@/lib/notify/worker";

const { values } = parseArgs({ options: { batch: { type: "string", default: "20" } } });
const targets = await registerConfiguredTargets();
startNotifyWorker(targets, {
  pollMs: 50,
  batchSize: Number(values.batch),
  timeoutMs: 5000,
  retryPolicy: { firstDelayMs: 100, longestDelayMs: 400, maxAttempts: 50 },
});
