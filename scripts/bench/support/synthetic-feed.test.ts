import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateSyntheticFeed, writeSyntheticFeedFiles } from "@/scripts/bench/support/synthetic-feed";
import { normaliseItems, type BriefInput } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";

async function briefsOf(xml: string): Promise<BriefInput[]> {
  const parsed = await parseFeed(xml);
  const { briefs, duplicates } = normaliseItems(parsed.items, parsed.link);
  expect(duplicates).toBe(0);
  return briefs;
}

describe("generateSyntheticFeed", () => {
  it("gives the same XML for the same seed and different XML for another seed", () => {
    const first = generateSyntheticFeed({ items: 50, seed: 7 });
    expect(generateSyntheticFeed({ items: 50, seed: 7 })).toBe(first);
    expect(generateSyntheticFeed({ items: 50, seed: 8 })).not.toBe(first);
  });

  it("numbers items globally, so an item reads the same whichever file it lands in", () => {
    const whole = generateSyntheticFeed({ items: 20, seed: 3 });
    const tail = generateSyntheticFeed({ items: 10, seed: 3, startIndex: 10 });
    const itemsOf = (xml: string) => new Set(xml.match(/<item>[\s\S]*?<\/item>/g));
    const wholeItems = itemsOf(whole);
    for (const item of itemsOf(tail)) expect(wholeItems.has(item)).toBe(true);
  });

  it("reads as N complete threat briefs with unique identities and every severity", async () => {
    const briefs = await briefsOf(generateSyntheticFeed({ items: 500, seed: 42 }));

    expect(briefs).toHaveLength(500);
    expect(new Set(briefs.map((brief) => brief.identity)).size).toBe(500);
    expect(new Set(briefs.map((brief) => brief.slugBase)).size).toBe(500);
    expect(new Set(briefs.map((brief) => brief.severity))).toEqual(
      new Set(["critical", "high", "medium", "low", "info"]),
    );
    for (const brief of briefs) {
      expect(brief.identity).toBe(brief.link);
      expect(brief.attackChain.length).toBeGreaterThanOrEqual(3);
      expect(brief.attackChain.every((step) => step.trim().length > 0)).toBe(true);
      expect(brief.impactHtml).toBeTruthy();
      expect(brief.recommendations.length).toBeGreaterThanOrEqual(2);
      expect(brief.type).toMatch(/^(advisory|campaign|vulnerability|detection)$/);
      expect(brief.tags.some((tag) => tag.kind === "platform")).toBe(true);
      expect(brief.tags.some((tag) => tag.kind === "tactic")).toBe(true);
      expect(brief.publishedAt).toBeInstanceOf(Date);
      expect(brief.summary).not.toBe("");
    }
  });

  it("with changedFraction 0.1 rewrites exactly 100 of 1000 briefs and keeps their identities", async () => {
    const original = await briefsOf(generateSyntheticFeed({ items: 1000, seed: 11 }));
    const updated = await briefsOf(
      generateSyntheticFeed({ items: 1000, seed: 11, changedFraction: 0.1, changeSeed: 99 }),
    );

    const originalById = new Map(original.map((brief) => [brief.identity, brief]));
    expect(new Set(updated.map((brief) => brief.identity))).toEqual(new Set(originalById.keys()));
    const changed = updated.filter((brief) => brief.contentHash !== originalById.get(brief.identity)?.contentHash);
    expect(changed).toHaveLength(100);
    expect(changed.some((brief) => brief.severity !== originalById.get(brief.identity)?.severity)).toBe(true);
    expect(changed.every((brief) => brief.slugBase === originalById.get(brief.identity)?.slugBase)).toBe(true);
  });
});

describe("writeSyntheticFeedFiles", () => {
  it("splits the items over files of at most perFile items", async () => {
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), "synthetic-feed-"));
    try {
      const files = await writeSyntheticFeedFiles(directory, 25, 10, 5);
      expect(files.map((file) => path.basename(file))).toEqual([
        "synthetic-feed-1.xml",
        "synthetic-feed-2.xml",
        "synthetic-feed-3.xml",
      ]);
      const counts = await Promise.all(
        files.map(async (file) => (await fs.readFile(file, "utf8")).split("<item>").length - 1),
      );
      expect(counts).toEqual([10, 10, 5]);
    } finally {
      await fs.rm(directory, { recursive: true, force: true });
    }
  });
});
