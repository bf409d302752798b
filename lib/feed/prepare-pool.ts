// Normalise and sanitize on more than one core, for the command line's large feeds. The web server
// never loads this module: it prepares in its request thread (prepareInThread), where a large feed
// is rare and starting workers would cost more than it saves.
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { IdentifiedItem } from "@/lib/feed/normalise";
import { PREPARE_CHUNK, prepareInThread, prepareItems, type BriefPreparer, type SanitizedBrief } from "@/lib/feed/prepare";
import type { PrepareRequest, PrepareResponse } from "@/lib/feed/prepare-worker";

/** Chunks a worker holds at once: one it works on and one waiting, so it never idles while this thread writes. */
const WORKER_QUEUE = 2;
/**
 * A worker's heap: enough for a chunk many times over. Without a cap V8 lets garbage pile up to
 * hundreds of MiB before collecting, and an ingest's peak memory is what a user's machine must have.
 */
const WORKER_HEAP_MB = 96;

export type PreparePoolOptions = {
  /** Worker threads at most; the thread that writes prepares too whenever none is free. */
  size: number;
  /** Fewer items than this are prepared in this thread: starting a worker costs about as much as a few hundred items. */
  minItems: number;
  /** The worker's module; tests point it elsewhere. */
  workerModule?: string;
};

/** Workers run TypeScript through tsx, as the command line does; its loader must be registered in each. */
function workerSource(workerModule: string): string {
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return `import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(workerModule).href)}); });`;
}

type Pending = { resolve: (briefs: SanitizedBrief[]) => void; reject: (error: Error) => void };

class PrepareWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closing = false;
  ready = false;
  failed = false;
  /** Settles once the worker can take work, or has failed to start. */
  readonly started: Promise<void>;
  private markStarted = () => {};

  constructor(source: string, onChange: () => void) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.worker = new Worker(source, { eval: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    this.worker.on("message", (message: PrepareResponse) => {
      if ("ready" in message) {
        this.ready = true;
        this.markStarted();
      } else {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if ("error" in message) pending?.reject(new Error(message.error));
        else pending?.resolve(message.briefs);
      }
      onChange();
    });
    const fail = (error: Error) => {
      if (this.failed) return;
      if (!this.closing) console.error(`A prepare worker stopped (${error.message}); its chunks are prepared in the main thread instead`);
      this.failed = true;
      this.markStarted();
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      onChange();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`Prepare worker exited (code ${code})`)));
  }

  get usable(): boolean {
    return this.ready && !this.failed && this.pending.size < WORKER_QUEUE;
  }

  prepare(items: IdentifiedItem[], baseUrl: string | null): Promise<SanitizedBrief[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, items, baseUrl } satisfies PrepareRequest);
    });
  }

  terminate(): Promise<number> {
    this.closing = true;
    return this.worker.terminate();
  }
}

export type PreparePool = {
  prepare: BriefPreparer;
  /** Starts workers ahead of need, e.g. while the feed is still being parsed; settles when they are up. */
  warm(count: number): Promise<void>;
  /** How many chunks workers prepared, and how many this thread did. */
  stats(): { workerChunks: number; threadChunks: number };
  close(): Promise<void>;
};

/**
 * A pool that prepares chunks in worker threads and hands them back in order. The chunk the writer
 * needs next and no worker holds is prepared in the writer's own thread, so work starts at once,
 * while workers are still starting, and nothing waits on a worker that failed: a chunk a worker
 * could not prepare is prepared again here, so its error (if it has one) is the error of the ingest.
 */
export function createPreparePool(options: PreparePoolOptions): PreparePool {
  const workerModule = options.workerModule ?? path.join(import.meta.dirname, "prepare-worker.ts");
  const workers: PrepareWorker[] = [];
  const stats = { workerChunks: 0, threadChunks: 0 };
  let pump = () => {};

  const warm = async (count: number) => {
    const source = workerSource(workerModule);
    while (workers.filter((worker) => !worker.failed).length < Math.min(count, options.size)) workers.push(new PrepareWorker(source, () => pump()));
    await Promise.all(workers.map((worker) => worker.started));
  };

  async function* prepare(items: readonly IdentifiedItem[], baseUrl: string | null): AsyncIterable<SanitizedBrief[]> {
    if (items.length < options.minItems) {
      yield* prepareInThread(items, baseUrl);
      return;
    }
    void warm(options.size);
    const chunks: IdentifiedItem[][] = [];
    for (let start = 0; start < items.length; start += PREPARE_CHUNK) chunks.push(items.slice(start, start + PREPARE_CHUNK));
    const slots: ({ result: Promise<SanitizedBrief[]>; done: boolean } | undefined)[] = [];
    let nextChunk = 0;
    const inThread = () => {
      const index = nextChunk++;
      stats.threadChunks += 1;
      slots[index] = { result: Promise.resolve(prepareItems(chunks[index], baseUrl)), done: true };
    };
    // Hands the next chunks, in order, to workers with room for them.
    pump = () => {
      for (const worker of workers) {
        while (worker.usable && nextChunk < chunks.length) {
          const index = nextChunk++;
          stats.workerChunks += 1;
          const slot = {
            result: worker.prepare(chunks[index], baseUrl).catch(() => prepareItems(chunks[index], baseUrl)),
            done: false,
          };
          void slot.result.finally(() => (slot.done = true));
          slots[index] = slot;
        }
      }
    };
    try {
      for (let index = 0; index < chunks.length; index += 1) {
        // Writing and preparing here never leave this loop otherwise: let workers' messages (ready,
        // done) in before deciding who prepares what.
        await nextTurn();
        pump();
        // Rather than wait for a worker, prepare a later chunk here; it is written in its turn.
        while (slots[index] !== undefined && !slots[index]!.done && nextChunk < chunks.length) {
          inThread();
          await nextTurn();
          pump();
        }
        if (slots[index] === undefined) inThread();
        yield await slots[index]!.result;
        slots[index] = undefined;
      }
    } finally {
      pump = () => {};
    }
  }

  return {
    prepare,
    warm,
    stats: () => ({ ...stats }),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
