import { describe, expect, it } from "vitest";
import { normaliseItem, normaliseItems, slugFromLink } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";

async function itemsOf(xml: string) {
  return (await parseFeed(xml)).items;
}

describe("normaliseItem", () => {
  it("turns a feed item into a brief with sections, severity, tags and a slug from its link", async () => {
    const [item] = await itemsOf(
      buildFeed([
        sampleItem("2025-03-01-token-theft", { severity: "Medium", tags: ["Microsoft-Entra-ID", "persistence"] }),
      ]),
    );
    const brief = normaliseItem(item, null);
    expect(brief).toMatchObject({
      identity: "https://intel.example.org/briefs/2025-03-01-token-theft/",
      slugBase: "2025-03-01-token-theft",
      title: "Brief 2025-03-01-token-theft",
      link: "https://intel.example.org/briefs/2025-03-01-token-theft/",
      summary: "Summary of 2025-03-01-token-theft.",
      severity: "medium",
      type: "advisory",
      publishedAt: new Date("2024-05-06T10:00:00Z"),
      impactHtml: "<p>Impact of 2025-03-01-token-theft.</p>",
      recommendations: ["Patch 2025-03-01-token-theft.", "Monitor 2025-03-01-token-theft."],
    });
    expect(brief.attackChain).toHaveLength(2);
    expect(brief.attackChain[0]).toContain("Step one:");
    expect(brief.tags.map((tag) => `${tag.kind}:${tag.name}`)).toEqual(["platform:entra_id", "tactic:persistence"]);
  });

  it("falls back from guid to link to a content hash for identity", async () => {
    const items = await itemsOf(
      buildFeed([
        sampleItem("a", { guid: "  urn:brief:a  " }),
        sampleItem("b", { guid: "   " }),
        sampleItem("c", { guid: undefined, link: undefined }),
      ]),
    );
    const [a, b, c] = items.map((item) => normaliseItem(item, null));
    expect(a.identity).toBe("urn:brief:a");
    expect(b.identity).toBe("https://intel.example.org/briefs/b/");
    expect(c.identity).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(c.slugBase).toBe("brief-c");
    expect(c.link).toBeNull();
  });

  it("resolves a relative link against the feed's address", async () => {
    const [item] = await itemsOf(buildFeed([sampleItem("rel", { link: "/briefs/relative-one/", guid: undefined })]));
    const brief = normaliseItem(item, "https://intel.example.org/feed.xml");
    expect(brief.link).toBe("https://intel.example.org/briefs/relative-one/");
    expect(brief.identity).toBe(brief.link);
  });

  it("changes the content hash when the content or severity changes, and only then", async () => {
    const [original, same, edited, escalated] = (
      await itemsOf(
        buildFeed([
          sampleItem("x"),
          sampleItem("x"),
          sampleItem("x", { description: "Rewritten." }),
          sampleItem("x", { severity: "critical" }),
        ]),
      )
    ).map((item) => normaliseItem(item, null));
    expect(same.contentHash).toBe(original.contentHash);
    expect(edited.contentHash).not.toBe(original.contentHash);
    expect(escalated.contentHash).not.toBe(original.contentHash);
  });

  it("keeps the first of items sharing an identity", async () => {
    const items = await itemsOf(
      buildFeed([sampleItem("d", { title: "First" }), sampleItem("d", { title: "Second" }), sampleItem("e")]),
    );
    const { briefs, duplicates } = normaliseItems(items, null);
    expect(briefs.map((brief) => brief.title)).toEqual(["First", "Brief e"]);
    expect(duplicates).toBe(1);
  });

  it("keeps titles as text and gives a missing date as null", async () => {
    const [item] = await itemsOf(
      buildFeed([sampleItem("t", { title: "<b>Bold</b> &amp; plain", pubDate: "not a date" })]),
    );
    const brief = normaliseItem(item, null);
    expect(brief.title).toBe("<b>Bold</b> & plain");
    expect(brief.publishedAt).toBeNull();
  });
});

describe("slugFromLink", () => {
  it("uses the last path segment, else the title", () => {
    expect(slugFromLink("https://feed.example.com/briefs/2024-01-30-entra-id-lockouts/", "x")).toBe(
      "2024-01-30-entra-id-lockouts",
    );
    expect(slugFromLink("https://feed.example.com/posts/Some%20Post.html?x=1", "x")).toBe("some-post");
    expect(slugFromLink("https://feed.example.com/", "Token Theft: Part 2")).toBe("token-theft-part-2");
    expect(slugFromLink(null, "!!!")).toBe("brief");
  });
});

describe("parseFeed", () => {
  it("rejects malformed XML naming the problem and the line", async () => {
    await expect(parseFeed(`<rss version="2.0"><channel>\n<item><title>x</item></channel></rss>`)).rejects.toThrow(
      /Malformed feed XML: Unexpected close tag at line 2/,
    );
  });

  it("rejects a document that is not a feed", async () => {
    await expect(parseFeed("<html><body>Hello</body></html>")).rejects.toThrow(/Not an RSS or Atom feed/);
  });
});
