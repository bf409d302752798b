import { describe, expect, it } from "vitest";
import { XSS_PAYLOADS } from "@/lib/feed/fixtures/xss-payloads";
import { identifyItems, normaliseItem } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";
import { PREPARE_CHUNK, prepareInChunks, prepareItems } from "@/lib/feed/prepare";
import { sanitizeBriefHtml } from "@/lib/feed/sanitize";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";

const FEED_URL = "https://intel.example.org/feed.xml";

async function identified(xml: string) {
  return identifyItems((await parseFeed(xml)).items, FEED_URL).items;
}

describe("prepareItems", () => {
  it("normalises each item and sanitizes every HTML field against the brief's own link, as one brief at a time would", async () => {
    const items = await identified(
      buildFeed([
        ...XSS_PAYLOADS.slice(0, 30).map(({ name, html }) =>
          sampleItem(`xss-${name}`, {
            description: html,
            body: briefBody({
              intro: `${html} <a href="../rel/">rel</a>`,
              steps: [html],
              impact: html,
              recommendations: [html, "Plain."],
            }),
          }),
        ),
        sampleItem("no-sections", { body: "<p>Only a summary, <script>x()</script>no headings.</p>" }),
      ]),
    );
    const prepared = prepareItems(items, FEED_URL);
    expect(prepared).toHaveLength(items.length);
    items.forEach(({ item }, index) => {
      const brief = normaliseItem(item, FEED_URL);
      const options = { baseUrl: brief.link };
      expect(prepared[index]).toEqual({
        ...brief,
        bodyHtml: sanitizeBriefHtml(brief.bodyHtml, options),
        summaryHtml: sanitizeBriefHtml(brief.summaryHtml, options),
        attackChain: brief.attackChain.map((step) => sanitizeBriefHtml(step, options)),
        impactHtml: brief.impactHtml === null ? null : sanitizeBriefHtml(brief.impactHtml, options),
        recommendations: brief.recommendations.map((step) => sanitizeBriefHtml(step, options)),
        sanitized: true,
      });
    });
    expect(prepared.at(-1)).toMatchObject({ impactHtml: null, attackChain: [], recommendations: [] });
  });
});

describe("prepareInChunks", () => {
  it("yields the items in order, in chunks that divide the store's progress step", async () => {
    const items = await identified(buildFeed(Array.from({ length: 600 }, (_, index) => sampleItem(`chunk-${index}`))));
    const chunks: string[][] = [];
    for await (const chunk of prepareInChunks(items, FEED_URL)) chunks.push(chunk.map((brief) => brief.identity));
    expect(chunks.map((chunk) => chunk.length)).toEqual([PREPARE_CHUNK, PREPARE_CHUNK, 600 - 2 * PREPARE_CHUNK]);
    expect(chunks.flat()).toEqual(items.map((item) => item.identity));
    expect(500 % PREPARE_CHUNK).toBe(0);
  });
});
