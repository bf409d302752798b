import { afterAll, describe, expect, it } from "vitest";
import { readThroughCache } from "@/lib/briefs/read-cache";
import { db } from "@/lib/db";
import { stopDataVersionListener } from "@/lib/page-cache/data-version";

afterAll(async () => {
  await stopDataVersionListener();
  await db.$disconnect();
});

describe("readThroughCache", () => {
  it("loads again after a commit stamped older than the newest change, as an ingest on a server with a slower clock commits", async () => {
    const newest = await db.feed.create({
      data: { url: "https://feeds.example.org/fast.xml", lastChangedAt: new Date("2026-12-01T12:00:00Z") },
    });
    const slow = await db.feed.create({
      data: { url: "https://feeds.example.org/slow.xml", lastChangedAt: new Date("2026-12-01T11:00:00Z") },
    });
    let loads = 0;
    const load = async () => ++loads;
    const first = await readThroughCache("loads", load);

    await db.feed.update({ where: { id: slow.id }, data: { lastChangedAt: new Date("2026-12-01T11:30:00Z") } });
    await expect.poll(() => readThroughCache("loads", load), { timeout: 1000, interval: 10 }).toBeGreaterThan(first);
    expect((await db.feed.aggregate({ _max: { lastChangedAt: true } }))._max.lastChangedAt).toEqual(
      newest.lastChangedAt,
    );
  });
});
