/**
 * Feeds are written by strangers. Each test builds a feed the way a careless or hostile publisher
 * would (lib/test/feed-builder.ts, or a file in ./fixtures) and asserts what a dashboard user should
 * then see.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { MAX_HTML_DEPTH } from "@/lib/feed/html-depth";
import { normaliseItem, normaliseItems, type BriefInput } from "@/lib/feed/normalise";
import { FeedParseError, parseFeed } from "@/lib/feed/parse-feed";
import { sanitizeBriefHtml } from "@/lib/feed/sanitize";
import { briefBody, buildFeed, sampleItem, type TestItem } from "@/lib/test/feed-builder";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const FEED_URL = "https://intel.example.org/feed.xml";

async function briefsOf(items: TestItem[], baseUrl: string | null = FEED_URL) {
  return normaliseItems((await parseFeed(buildFeed(items))).items, baseUrl);
}

async function oneBrief(item: TestItem, baseUrl: string | null = FEED_URL): Promise<BriefInput> {
  const [raw] = (await parseFeed(buildFeed([item]))).items;
  return normaliseItem(raw, baseUrl);
}

/** What store.ts writes for a brief: every HTML field sanitized against the brief's own link. */
function stored(brief: BriefInput) {
  const options = { baseUrl: brief.link };
  return {
    bodyHtml: sanitizeBriefHtml(brief.bodyHtml, options),
    summaryHtml: sanitizeBriefHtml(brief.summaryHtml, options),
    attackChain: brief.attackChain.map((step) => sanitizeBriefHtml(step, options)),
    impactHtml: brief.impactHtml === null ? null : sanitizeBriefHtml(brief.impactHtml, options),
    recommendations: brief.recommendations.map((step) => sanitizeBriefHtml(step, options)),
  };
}

async function parseError(xml: string): Promise<string> {
  const error = await parseFeed(xml).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FeedParseError);
  return (error as FeedParseError).message;
}

describe("guids", () => {
  it("falls back to the link for a missing, empty or whitespace-only guid, and to a content hash without either", async () => {
    const { briefs, duplicates } = await briefsOf([
      sampleItem("missing", { guid: undefined }),
      sampleItem("empty", { guid: "" }),
      sampleItem("spaces", { guid: "   " }),
      sampleItem("newlines", { guid: "\n\t \n" }),
      sampleItem("self-closing", { guid: undefined, extraXml: `<guid isPermaLink="false"/>` }),
      sampleItem("nothing", { guid: undefined, link: undefined }),
      sampleItem("trimmed", { guid: "  urn:brief:trimmed \n" }),
    ]);
    expect(duplicates).toBe(0);
    expect(briefs.map((brief) => brief.identity)).toEqual([
      "https://intel.example.org/briefs/missing/",
      "https://intel.example.org/briefs/empty/",
      "https://intel.example.org/briefs/spaces/",
      "https://intel.example.org/briefs/newlines/",
      "https://intel.example.org/briefs/self-closing/",
      expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      "urn:brief:trimmed",
    ]);
  });

  it("keeps the first of items sharing a guid, counts the others, and normalises the rest of the batch", async () => {
    const { briefs, duplicates } = await briefsOf([
      sampleItem("first", { guid: "urn:shared", title: "First wins" }),
      sampleItem("other", { guid: "urn:other" }),
      sampleItem("second", { guid: "urn:shared", title: "Second loses", severity: "critical" }),
      sampleItem("third", { guid: " urn:shared ", title: "Third loses (padded guid)" }),
      sampleItem("last", { guid: "urn:last" }),
    ]);
    expect(briefs.map((brief) => [brief.identity, brief.title])).toEqual([
      ["urn:shared", "First wins"],
      ["urn:other", "Brief other"],
      ["urn:last", "Brief last"],
    ]);
    expect(briefs[0].severity).toBe("high");
    expect(duplicates).toBe(2);
  });

  it("treats a guid that equals another item's link as the same brief", async () => {
    const { briefs, duplicates } = await briefsOf([
      sampleItem("a", { guid: undefined }),
      sampleItem("b", { guid: "https://intel.example.org/briefs/a/", title: "Same as a" }),
    ]);
    expect(briefs).toHaveLength(1);
    expect(duplicates).toBe(1);
  });
});

describe("dates", () => {
  it("gives a missing, empty, unreadable or impossible date as null, never an Invalid Date or a rolled-over one", async () => {
    const { briefs } = await briefsOf([
      sampleItem("missing", { pubDate: undefined }),
      sampleItem("empty", { pubDate: "" }),
      sampleItem("words", { pubDate: "last Tuesday" }),
      sampleItem("invalid-date", { pubDate: "Invalid Date" }),
      // rss-parser's isoDate for this one is 2024-03-02: it must not stand in for the refused pubDate.
      sampleItem("feb-31", { pubDate: "Sat, 31 Feb 2024 10:00:00 GMT" }),
      sampleItem("month-13", { pubDate: "2024-13-01T00:00:00Z" }),
      sampleItem("markup", { pubDate: undefined, extraXml: `<pubDate><b>Mon, 06 May 2024</b></pubDate>` }),
      sampleItem("attribute-only", { pubDate: undefined, extraXml: `<pubDate type="rfc822"/>` }),
    ]);
    for (const brief of briefs) expect(brief.publishedAt, brief.identity).toBeNull();
  });

  it("reads a date without a zone as UTC, and falls back to dc:date", async () => {
    const { briefs } = await briefsOf([
      sampleItem("rfc822", { pubDate: "Tue, 30 Jan 2024 08:00:00" }),
      sampleItem("iso", { pubDate: "2024-01-30T08:00:00" }),
      sampleItem("dc", {
        pubDate: undefined,
        extraXml: `<dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2024-01-30T08:00:00</dc:date>`,
      }),
      sampleItem("bad-then-dc", {
        pubDate: "soon",
        extraXml: `<dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2024-01-30T08:00:00Z</dc:date>`,
      }),
    ]);
    expect(briefs.map((brief) => brief.publishedAt?.toISOString())).toEqual(Array(4).fill("2024-01-30T08:00:00.000Z"));
  });
});

describe("severities and categories", () => {
  it("keeps an unknown severity as unknown with its raw text, and takes the most severe of several", async () => {
    const unknown = await oneBrief(sampleItem("unknown", { severity: "Bananas" }));
    expect(unknown).toMatchObject({ severity: "unknown", severityRaw: "Bananas" });

    const several = await oneBrief(
      sampleItem("several", {
        severity: "low",
        extraXml: `<category domain="severity">CRITICAL</category><category domain="severity">bogus</category><category domain="severity">medium</category>`,
      }),
    );
    expect(several).toMatchObject({ severity: "critical", severityRaw: "low, CRITICAL, bogus, medium" });
  });

  it("skips categories without text, whatever shape they take", async () => {
    const brief = await oneBrief(
      sampleItem("empty-categories", {
        severity: undefined,
        type: undefined,
        tags: ["", "   ", "persistence"],
        extraXml: `<category/><category domain="severity"/><category domain="severity">   </category><category domain="type"></category><category><b>markup</b></category>`,
      }),
    );
    expect(brief).toMatchObject({ severity: "unknown", severityRaw: null, type: null });
    expect(brief.tags.map((tag) => tag.name)).toEqual(["persistence"]);
  });
});

describe("links", () => {
  it("resolves a relative item link against the feed, and relative URLs in the body against the item link", async () => {
    const body = briefBody({
      intro: `See <a href="../2024-01-01-earlier/">the earlier brief</a> and <a href="iocs.csv">the IOCs</a>.`,
      steps: [`Payload from <a href="/files/stage2.bin">stage 2</a>.`, `Then <a href="#impact">impact</a>.`],
      impact: `Read <a href="?page=2">page 2</a>.`,
      recommendations: [
        `Apply <a href="//patches.example.net/kb1">KB1</a>.`,
        `Mail <a href="mailto:soc@example.org">the SOC</a>.`,
      ],
    });
    const brief = await oneBrief(sampleItem("rel", { guid: undefined, link: "/briefs/2024-05-06-relative/", body }));
    expect(brief.link).toBe("https://intel.example.org/briefs/2024-05-06-relative/");
    expect(brief.slugBase).toBe("2024-05-06-relative");

    const html = stored(brief);
    const rel = 'rel="noopener noreferrer nofollow"';
    expect(html.summaryHtml).toBe(
      `<p>See <a ${rel} href="https://intel.example.org/briefs/2024-01-01-earlier/">the earlier brief</a> and <a ${rel} href="https://intel.example.org/briefs/2024-05-06-relative/iocs.csv">the IOCs</a>.</p>`,
    );
    expect(html.attackChain).toEqual([
      `Payload from <a ${rel} href="https://intel.example.org/files/stage2.bin">stage 2</a>.`,
      `Then <a ${rel} href="https://intel.example.org/briefs/2024-05-06-relative/#impact">impact</a>.`,
    ]);
    expect(html.impactHtml).toBe(
      `<p>Read <a ${rel} href="https://intel.example.org/briefs/2024-05-06-relative/?page=2">page 2</a>.</p>`,
    );
    expect(html.recommendations).toEqual([
      `Apply <a ${rel} href="https://patches.example.net/kb1">KB1</a>.`,
      `Mail <a ${rel} href="mailto:soc@example.org">the SOC</a>.`,
    ]);
    expect(html.bodyHtml).toContain(`href="https://intel.example.org/files/stage2.bin"`);
    expect(html.bodyHtml).not.toMatch(/href="(?!https:|mailto:)/);
  });

  it("drops an item link that is not http(s), and with it every relative URL of the body", async () => {
    const brief = await oneBrief(
      sampleItem("js-link", {
        guid: "urn:js-link",
        link: "javascript:alert(document.domain)",
        body: `<p><a href="/x">x</a></p>`,
      }),
    );
    expect(brief.link).toBeNull();
    expect(stored(brief).bodyHtml).toBe('<p><a rel="noopener noreferrer nofollow">x</a></p>');
    const noBase = await oneBrief(sampleItem("rel-no-base", { link: "/briefs/rel-no-base/" }), null);
    expect(noBase.link).toBeNull();
  });
});

describe("entities", () => {
  it("decodes what the XML parser leaves of a title's entities once more: AT&amp;amp;T in the XML shows AT&T, never less", async () => {
    const xml = buildFeed([sampleItem("att", { title: "AT&amp;T" })]);
    expect(xml).toContain("<title>AT&amp;amp;T</title>");
    expect((await oneBrief(sampleItem("att", { title: "AT&amp;T" }))).title).toBe("AT&T");
    expect((await oneBrief(sampleItem("att-thrice", { title: "AT&amp;amp;T" }))).title).toBe("AT&amp;T");
    // Written in the XML as `Tom&rsquo;s &lt;b&gt;plan&lt;/b&gt;`: the XML parser leaves `<b>`, which is text, not markup.
    const named = buildFeed([sampleItem("named", { title: "TITLE" })]).replace(
      "TITLE",
      "Tom&rsquo;s &lt;b&gt;plan&lt;/b&gt;",
    );
    expect(normaliseItem((await parseFeed(named)).items[0], null).title).toBe("Tom’s <b>plan</b>");
  });

  it("shows &amp;lt;script&amp;gt; in a body as the text &lt;script&gt;, never as a tag", async () => {
    const body = `<p>Escaped twice: &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</p>\n<h2>Impact</h2>\n<p>&amp;lt;img src=x onerror=alert(1)&amp;gt;</p>`;
    const brief = await oneBrief(sampleItem("double", { body, description: "<p>Once: &amp;lt;script&amp;gt;</p>" }));
    const html = stored(brief);
    expect(html.bodyHtml).toBe(body);
    expect(html.impactHtml).toBe("<p>&amp;lt;img src=x onerror=alert(1)&amp;gt;</p>");
    expect(brief.bodyText).toBe(
      "Escaped twice: &lt;script&gt;alert(1)&lt;/script&gt; Impact &lt;img src=x onerror=alert(1)&gt;",
    );
    // The description was XML-escaped HTML: one decode for XML, one for HTML, each once.
    expect(brief.summary).toBe("Once: &lt;script&gt;");
    for (const value of [html.bodyHtml, html.impactHtml ?? ""]) expect(value).not.toMatch(/<(script|img)/i);
  });

  it('reads an Atom type="html" title as HTML, once', async () => {
    const { items } = await parseFeed(fixture("atom-threat-feed.xml"));
    expect(normaliseItem(items[0], null).title).toBe("OAuth consent phishing & token theft");
  });
});

describe("size", () => {
  it("truncates a very long title to 500 characters ending in an ellipsis, never halving an emoji", async () => {
    const long = await oneBrief(sampleItem("long-title", { title: `${"Token theft ".repeat(2000)}end` }));
    expect(long.title).toHaveLength(500);
    expect(long.title.endsWith("…")).toBe(true);

    const emoji = await oneBrief(sampleItem("emoji-title", { title: `${"x".repeat(498)}🔥🔥🔥` }));
    expect(emoji.title.isWellFormed()).toBe(true);
    expect(emoji.title).toBe(`${"x".repeat(498)}…`);
    expect((await oneBrief(sampleItem("exact", { title: "y".repeat(500) }))).title).toBe("y".repeat(500));
  });

  it("keeps a very long body whole", async () => {
    const paragraph = `<p>${"Lateral movement via SMB. ".repeat(40)}</p>`;
    const body = paragraph.repeat(2000); // ≈ 2 MB
    const brief = await oneBrief(sampleItem("long-body", { body }));
    expect(brief.bodyHtml).toBe(body);
    expect(stored(brief).bodyHtml).toBe(body);
    expect(brief.bodyText.length).toBeGreaterThan(1_900_000);
  });

  it("normalises a body nested thousands of levels deep instead of failing the feed", async () => {
    const depth = 20_000;
    const body = `${"<div>".repeat(depth)}<p>deep text</p>${"</div>".repeat(depth)}<h2>Impact</h2><p>Shallow impact.</p>`;
    const { briefs } = await briefsOf([sampleItem("deep", { body }), sampleItem("after-deep")]);
    expect(briefs.map((brief) => brief.identity)).toHaveLength(2);
    const [deep] = briefs;
    expect(deep.impactHtml).toBe("<p>Shallow impact.</p>");
    // The stored body (sanitize-html does not recurse) keeps everything; search text stops at the depth limit.
    expect(stored(deep).bodyHtml).toContain("<p>deep text</p>");
    expect(deep.bodyText).not.toContain("deep text");
    const shallow = `${"<div>".repeat(MAX_HTML_DEPTH - 2)}<p>kept</p>${"</div>".repeat(MAX_HTML_DEPTH - 2)}`;
    expect((await oneBrief(sampleItem("shallow", { body: shallow }))).bodyText).toBe("kept");
  });

  it("parses a valid feed with no items to no items", async () => {
    expect(await parseFeed(buildFeed([]))).toEqual({
      title: "Test Threat Feed",
      link: "https://intel.example.org/",
      items: [],
    });
    expect((await parseFeed(`<rss version="2.0"><channel/></rss>`)).items).toEqual([]);
    expect((await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Empty</title></feed>`)).items).toEqual(
      [],
    );
    expect(normaliseItems([], FEED_URL)).toEqual({ briefs: [], duplicates: 0 });
  });
});

describe("malformed and truncated documents", () => {
  const full = buildFeed([sampleItem("one"), sampleItem("two")]);

  it("rejects the whole feed at every point a download could stop, naming the line", async () => {
    const lines = full.split("\n");
    let checked = 0;
    for (let length = 1; length < full.length - 1; length += 7) {
      const message = await parseError(full.slice(0, length));
      expect(message, `cut at ${length}`).toMatch(/^Malformed feed XML: .* at line \d+/);
      const line = Number(/at line (\d+)/.exec(message)![1]);
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(lines.length);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("names the line where the document stops", async () => {
    const inItem = full.slice(0, full.indexOf("Step two:"));
    expect(await parseError(inItem)).toMatch(
      new RegExp(`^Malformed feed XML: Unclosed root tag at line ${inItem.split("\n").length},`),
    );
    expect(await parseError(`<?xml version="1.0"?>\n`)).toBe(
      "Malformed feed XML: the document ends before its root element at line 2",
    );
    expect(await parseError(full.replace("</title>", ""))).toMatch(
      /^Malformed feed XML: Unexpected close tag at line \d+, column \d+$/,
    );
  });

  it("reports each of several truncated feeds in a row the same way (no state carried between parses)", async () => {
    const truncated = full.slice(0, 400);
    const first = await parseError(truncated);
    expect(first).toMatch(/^Malformed feed XML: Unclosed root tag at line/);
    expect(await parseError(full.slice(0, 900))).toMatch(/^Malformed feed XML: Unclosed root tag at line/);
    expect(await parseError(truncated)).toBe(first);
    expect((await parseFeed(full)).items).toHaveLength(2);
  });

  it("still rejects a malformed feed that follows one with two XML errors", async () => {
    const twoErrors = `<rss version="2.0"><channel><title>x</title><item><title>&bogus; one</title><description>&bogus;</description></item></channel></rss>`;
    const badClose = `<rss version="2.0"><channel><title>x</title><item><title>one</item>\n<item><title>two</title></item></channel></rss>`;
    // One rss-parser instance carries xml2js's error flag into its next parse and accepts the second document.
    const shared = new Parser();
    await expect(shared.parseString(twoErrors)).rejects.toThrow(/Invalid character entity/);
    expect((await shared.parseString(badClose)).items).toHaveLength(2);

    expect(await parseError(twoErrors)).toMatch(/^Malformed feed XML: Invalid character entity at line 1, column \d+$/);
    expect(await parseError(badClose)).toMatch(/^Malformed feed XML: Unexpected close tag at line 1, column \d+$/);
  });
});

describe("DOCTYPE and entities", () => {
  let server: http.Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      requests.push(request.url ?? "");
      response.writeHead(200, { "content-type": "application/xml-dtd" }).end(`<!ENTITY leak "LEAKED-FROM-NETWORK">`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const REFUSED = "Feed declares XML entities (DOCTYPE); refused";

  it("refuses a billion-laughs document before expanding anything", async () => {
    const xml = fixture("billion-laughs.xml");
    expect(xml.length).toBeLessThan(2_000);
    expect(await parseError(xml)).toBe(REFUSED);
    // One large entity referenced many times (quadratic blow-up) is refused the same way.
    const quadratic = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${"a".repeat(1000)}">]><rss version="2.0"><channel><item><title>${"&a;".repeat(300)}</title></item></channel></rss>`;
    expect(await parseError(quadratic)).toBe(REFUSED);
  });

  it("refuses external entities (file and http) without reading the file or touching the network", async () => {
    expect(await parseError(fixture("xxe-file.xml"))).toBe(REFUSED);
    const remote = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY % remote SYSTEM "${base}/param.dtd">
  %remote;
  <!ENTITY leak SYSTEM "${base}/leak.txt">
]>
<rss version="2.0"><channel><item><title>&leak;</title></item></channel></rss>`;
    expect(await parseError(remote)).toBe(REFUSED);
    expect(await parseError(`<!doctype rss [<!entity x "y">]><rss version="2.0"><channel/></rss>`)).toBe(REFUSED);
    expect(requests).toEqual([]);
  });

  it("reads a feed whose DOCTYPE only names an external DTD, without fetching it", async () => {
    const netscape = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "${base}/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old feed</title><link>https://intel.example.org/</link>
<item><title>Still read</title><link>https://intel.example.org/briefs/old/</link></item></channel></rss>`;
    const feed = await parseFeed(netscape);
    expect(feed.items.map((item) => item.title)).toEqual(["Still read"]);
    // Its entities stay undefined, so a reference to one is an XML error, not a fetch.
    expect(await parseError(netscape.replace("Still read", "&leak;"))).toMatch(
      /^Malformed feed XML: Invalid character entity at line 4/,
    );
    expect(requests).toEqual([]);
  });

  it("does not mistake an XXE payload quoted inside an item for the document's DOCTYPE", async () => {
    const writeUp = `<p>The exploit sends:</p><pre><code>&lt;!DOCTYPE foo [&lt;!ENTITY xxe SYSTEM "file:///etc/passwd"&gt;]&gt;</code></pre><p>Raw: <!DOCTYPE x [<!ENTITY y "z">]></p>`;
    const brief = await oneBrief(sampleItem("xxe-write-up", { body: writeUp }));
    expect(brief.bodyText).toContain(`<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`);
  });

  it("documents what rss-parser (xml2js over sax) does on its own: declarations ignored, references refused, nothing read", async () => {
    for (const name of ["billion-laughs.xml", "xxe-file.xml"]) {
      // A fresh instance each time: see "still rejects a malformed feed that follows one with two XML errors".
      await expect(new Parser().parseString(fixture(name)), name).rejects.toThrow(
        /^Invalid character entity\nLine: \d+/,
      );
    }
    const unused = fixture("xxe-file.xml").replace(/&xxe;/g, "none");
    const feed = await new Parser().parseString(unused);
    expect(JSON.stringify(feed)).not.toMatch(/root:|LEAKED/);
    expect(feed.items[0].title).toBe("Leak: none");
  });
});

describe("Atom feeds", () => {
  it("reads title, link, id, dates, content, summary and categories by term", async () => {
    const feed = await parseFeed(fixture("atom-threat-feed.xml"));
    expect(feed).toMatchObject({ title: "Atom Threat Briefs", link: "https://atom.example.org/" });
    const { briefs, duplicates } = normaliseItems(feed.items, "https://atom.example.org/feed.atom");
    expect(duplicates).toBe(0);
    expect(briefs.map((brief) => [brief.identity, brief.link, brief.publishedAt?.toISOString() ?? null])).toEqual([
      [
        "urn:uuid:00000000-0000-4000-8000-000000000001",
        "https://atom.example.org/briefs/2024-05-06-consent-phishing/",
        "2024-05-06T08:00:00.000Z",
      ],
      // <published> unreadable: <updated> stands in.
      [
        "urn:uuid:00000000-0000-4000-8000-000000000002",
        "https://atom.example.org/briefs/bad-published/",
        "2024-02-01T12:00:00.000Z",
      ],
      // Both unreadable: null for this entry only.
      ["urn:uuid:00000000-0000-4000-8000-000000000003", "https://atom.example.org/briefs/no-date/", null],
      // A text <link>, an <id> with attributes, a zone-less <updated>.
      [
        "urn:uuid:00000000-0000-4000-8000-000000000004",
        "https://atom.example.org/briefs/text-link/",
        "2024-01-30T08:00:00.000Z",
      ],
      // Empty <id>: the link is the identity; the rel-less link wins over the enclosure listed first.
      [
        "https://atom.example.org/briefs/relative-alternate/",
        "https://atom.example.org/briefs/relative-alternate/",
        "2024-03-10T00:00:00.000Z",
      ],
    ]);

    const [first] = briefs;
    expect(first).toMatchObject({
      slugBase: "2024-05-06-consent-phishing",
      severity: "critical",
      type: "advisory",
      summary: "Attackers trick users into granting an OAuth app offline access.",
      summaryHtml: "<p>Narrative of the consent phishing campaign.</p>",
      attackChain: ["Phishing mail with a consent link.", "User grants Mail.Read."],
      recommendations: ["Restrict user consent."],
    });
    expect(first.tags.map((tag) => `${tag.kind}:${tag.name}`)).toEqual(["platform:entra_id", "tactic:persistence"]);
    expect(stored(first).impactHtml).toBe(
      '<p>Mailbox exfiltration (<a rel="noopener noreferrer nofollow" href="https://atom.example.org/reports/oauth.pdf">report</a>).</p>',
    );
    expect(briefs[1].summary).toBe("Its updated date stands in.");
    expect(briefs[2].bodyHtml).toBe("<p>Body only.</p>");
  });

  it("keeps the other entries when one entry's date is unreadable (rss-parser alone rejects the whole feed)", async () => {
    const entry = (id: string, published: string) =>
      `<entry><id>${id}</id><title>${id}</title><published>${published}</published></entry>`;
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${entry("good", "2024-05-06T10:00:00Z")}${entry("bad", "not a date")}${entry("also-good", "2024-05-07T10:00:00Z")}</feed>`;
    await expect(new Parser().parseString(xml)).rejects.toThrow(/Invalid time value/);
    const { briefs } = normaliseItems((await parseFeed(xml)).items, null);
    expect(briefs.map((brief) => [brief.identity, brief.publishedAt?.toISOString() ?? null])).toEqual([
      ["good", "2024-05-06T10:00:00.000Z"],
      ["bad", null],
      ["also-good", "2024-05-07T10:00:00.000Z"],
    ]);
  });

  it("reads an Atom feed whose feed-level link is text", async () => {
    const feed = await parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link>https://atom.example.org/</link><entry><id>x</id><link>https://atom.example.org/x/</link></entry></feed>`,
    );
    expect(feed.link).toBe("https://atom.example.org/");
    expect(feed.items[0].link).toBe("https://atom.example.org/x/");
  });
});

describe("documents that are not feeds", () => {
  it.each([
    ["an HTML page", fixture("html-page.html"), "Not an RSS or Atom feed: the document is <html>, an HTML page"],
    [
      "a well-formed HTML page",
      "<html><body>Hello</body></html>",
      "Not an RSS or Atom feed: the document is <html>, an HTML page",
    ],
    [
      "an XHTML page",
      `<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`,
      "Not an RSS or Atom feed: the document is <html>, an HTML page",
    ],
    [
      "another XML vocabulary",
      `<?xml version="1.0"?><note><to>you</to></note>`,
      "Not an RSS or Atom feed: the document is <note>",
    ],
    [
      "JSON",
      `{"version": "https://jsonfeed.org/version/1.1", "items": []}`,
      "Not an RSS or Atom feed: the document is not XML",
    ],
    ["an empty body", " \n ", "Not an RSS or Atom feed: the document is empty"],
  ])("rejects %s clearly", async (_name, xml, message) => {
    expect(await parseError(xml)).toBe(message);
  });

  it("rejects RSS whose shape rss-parser cannot read", async () => {
    expect(await parseError(`<rss version="2.0"></rss>`)).toMatch(/^Not an RSS or Atom feed: unexpected structure/);
    expect(await parseError(`<rss><channel/></rss>`)).toMatch(/^Not an RSS or Atom feed: Feed not recognized/);
  });
});

describe("ingesting a hostile feed", () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-feed-"));
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("stores the good items of a feed full of duplicates, bad dates and deep nesting, and refuses an entity feed", async () => {
    const file = path.join(directory, "hostile.xml");
    fs.writeFileSync(
      file,
      buildFeed([
        sampleItem("kept", { guid: "urn:dup", title: "Kept" }),
        sampleItem("dropped", { guid: "urn:dup", title: "Dropped duplicate" }),
        sampleItem("bad-date", { pubDate: "Sat, 31 Feb 2024 10:00:00 GMT" }),
        sampleItem("deep", { body: `${"<div>".repeat(10_000)}x${"</div>".repeat(10_000)}` }),
        sampleItem("xss", {
          title: `<img src=x onerror=alert(1)>`,
          body: `<p>ok</p><script>window.__xss="ingest"</script>`,
        }),
        sampleItem("nul", { title: "Entra\u0000 ID", body: "<p>zero\u0000 byte</p>" }),
      ]),
    );
    const result = await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
    expect(result).toMatchObject({ status: "ok", duplicates: 1, seen: 5, created: 5 });

    const briefs = await db.brief.findMany({
      orderBy: { slug: "asc" },
      select: { slug: true, title: true, publishedAt: true, bodyHtml: true },
    });
    expect(briefs.map((brief) => brief.slug)).toEqual(["bad-date", "deep", "kept", "nul", "xss"]);
    expect(briefs.find((brief) => brief.slug === "nul")).toMatchObject({
      title: "Entra ID",
      bodyHtml: "<p>zero byte</p>",
    });
    expect(briefs.find((brief) => brief.slug === "bad-date")?.publishedAt).toBeNull();
    expect(briefs.find((brief) => brief.slug === "kept")?.title).toBe("Kept");
    expect(briefs.find((brief) => brief.slug === "xss")).toMatchObject({
      title: "<img src=x onerror=alert(1)>",
      bodyHtml: "<p>ok</p>",
    });

    const laughs = path.join(directory, "laughs.xml");
    fs.copyFileSync(path.join(FIXTURES, "billion-laughs.xml"), laughs);
    expect(await ingestFeed({ kind: "file", path: laughs }, { trigger: "cli" })).toMatchObject({
      status: "failed",
      error: "Feed declares XML entities (DOCTYPE); refused",
    });
    expect(await db.brief.count()).toBe(5);
  });
});
