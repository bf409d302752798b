// A worker thread of the prepare pool (prepare-pool.ts): normalises and sanitizes the chunks it is sent.
import { parentPort } from "node:worker_threads";
import type { IdentifiedItem } from "@/lib/feed/normalise";
import { prepareItems } from "@/lib/feed/prepare";

export type PrepareRequest = { id: number; items: IdentifiedItem[]; baseUrl: string | null };
export type PrepareResponse = { ready: true } | { id: number; briefs: ReturnType<typeof prepareItems> } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error("prepare-worker.ts runs as a worker thread of prepare-pool.ts");

port.on("message", ({ id, items, baseUrl }: PrepareRequest) => {
  let response: PrepareResponse;
  try {
    response = { id, briefs: prepareItems(items, baseUrl) };
  } catch (error) {
    response = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(response);
});
// Loading this module (and tsx before it) is most of a worker's start-up: say when it is done.
port.postMessage({ ready: true } satisfies PrepareResponse);
