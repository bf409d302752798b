import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { generateSyntheticFeed } from "@/lib/bench/synthetic-feed";
import { identifyItems, type IdentifiedItem } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";
import { PREPARE_CHUNK, prepareInThread, type SanitizedBrief } from "@/lib/feed/prepare";
import { createPreparePool, type PreparePool } from "@/lib/feed/prepare-pool";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "prepare-pool-"));
const pools: PreparePool[] = [];

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  fs.rmSync(directory, { recursive: true, force: true });
});

async function feedItems(count: number): Promise<{ items: IdentifiedItem[]; baseUrl: string | null }> {
  const parsed = await parseFeed(generateSyntheticFeed({ items: count, seed: 3 }));
  return { items: identifyItems(parsed.items, parsed.link).items, baseUrl: parsed.link };
}

async function collect(chunks: AsyncIterable<SanitizedBrief[]>): Promise<SanitizedBrief[][]> {
  const result: SanitizedBrief[][] = [];
  for await (const chunk of chunks) result.push(chunk);
  return result;
}

function pool(options: Parameters<typeof createPreparePool>[0]): PreparePool {
  const created = createPreparePool(options);
  pools.push(created);
  return created;
}

describe("createPreparePool", () => {
  it("yields exactly what preparing in this thread yields, chunk by chunk and in order", async () => {
    const { items, baseUrl } = await feedItems(1300);
    const workers = pool({ size: 1, minItems: 0 });
    await workers.warm(1);
    const chunks = await collect(workers.prepare(items, baseUrl));
    expect(workers.stats().workerChunks).toBeGreaterThan(0);
    expect(chunks.map((chunk) => chunk.length)).toEqual([...Array(5).fill(PREPARE_CHUNK), 1300 - 5 * PREPARE_CHUNK]);
    expect(chunks).toEqual(await collect(prepareInThread(items, baseUrl)));
  }, 60_000);

  it("prepares in this thread, and says so, when a worker cannot do its work", async () => {
    const broken = path.join(directory, "broken-worker.ts");
    fs.writeFileSync(broken, `throw new Error("this worker cannot start");\n`);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { items, baseUrl } = await feedItems(600);
      const chunks = await collect(pool({ size: 1, minItems: 0, workerModule: broken }).prepare(items, baseUrl));
      expect(chunks).toEqual(await collect(prepareInThread(items, baseUrl)));
      await vi.waitFor(() => expect(errors).toHaveBeenCalledWith(expect.stringMatching(/prepare worker stopped \(.*cannot start.*prepared in the main thread/s)), {
        timeout: 20_000,
      });
    } finally {
      errors.mockRestore();
    }
  }, 60_000);

  it("starts no worker for fewer items than its threshold", async () => {
    const missing = path.join(directory, "no-such-worker.ts");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { items, baseUrl } = await feedItems(300);
      const chunks = await collect(pool({ size: 1, minItems: 1000, workerModule: missing }).prepare(items, baseUrl));
      expect(chunks.flat()).toHaveLength(300);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
