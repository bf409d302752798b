import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { generateSyntheticFeed } from "@/scripts/bench/support/synthetic-feed";
import { XSS_PAYLOADS } from "@/lib/feed/fixtures/xss-payloads";
import { pruneDeepNodes } from "@/lib/feed/html-depth";
import { htmlToText } from "@/lib/feed/html-text";
import { parseFeed } from "@/lib/feed/parse-feed";
import { readBody } from "@/lib/feed/sections";

describe("htmlToText", () => {
  it("decodes entities once, drops markup and script text, and collapses whitespace", () => {
    expect(htmlToText("<p>Tom &amp;amp; Jerry&rsquo;s\n  <b>plan</b></p><script>x()</script>")).toBe(
      "Tom &amp; Jerry’s plan",
    );
  });
});

/** Text as a parse that decodes entities itself reads it: how htmlToText worked before bodies were parsed once. */
function decodingParseText(html: string): string {
  const hidden = [
    "script",
    "style",
    "textarea",
    "option",
    "noscript",
    "title",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "template",
  ];
  const document = pruneDeepNodes(parseDocument(html));
  for (const element of DomUtils.findAll((node) => hidden.includes(node.name), document.children))
    DomUtils.removeElement(element);
  return DomUtils.textContent(document).replace(/\s+/g, " ").trim();
}

describe("htmlToText decodes entities where a decoding parse would", () => {
  const cases = [
    "AT&T &amp &ampx; &amp;amp; &notit; &not &#0; &#x80; &#xD800; &#65 &#x41;&#x42 &lt;b&gt;",
    "a&am<!-- split -->p; b&<b>amp;</b>",
    `<p title="&amp;">x &quot;y&quot;</p>`,
    "<xmp>&amp; <b>kept as written</b></xmp> <noembed>&lt;</noembed> <noframes>&gt;</noframes>",
    "<title>&amp;</title><textarea>&amp;</textarea><option>&amp;</option> shown &amp;",
    "<plaintext>&amp; <b>all the rest</b>",
    "<svg><![CDATA[&amp;]]></svg><![CDATA[&amp;]]>&amp;",
    "<p>line\n\t breaks &nbsp; and &#x20; spaces</p>",
    `${"<i>".repeat(300)}&amp;deep${"</i>".repeat(300)} &amp;shallow`,
    "",
  ];

  it.each(cases)("%s", (html) => {
    expect(htmlToText(html)).toBe(decodingParseText(html));
    expect(readBody(html).text).toBe(decodingParseText(html));
  });

  it("for every XSS payload", () => {
    for (const { name, html } of XSS_PAYLOADS) expect(htmlToText(html), name).toBe(decodingParseText(html));
  });

  it("for synthetic brief bodies", async () => {
    const { items } = await parseFeed(generateSyntheticFeed({ items: 200, seed: 5 }));
    for (const item of items) {
      const body = item["content:encoded"] ?? "";
      expect(readBody(body).text).toBe(decodingParseText(body));
    }
  });
});

describe("htmlToText on hostile bodies", () => {
  it("reads text nested 50,000 levels deep without overflowing the stack, up to the depth limit", () => {
    const depth = 50_000;
    expect(htmlToText(`<p>top</p>${"<b>".repeat(depth)}deep${"</b>".repeat(depth)}`)).toBe("top");
    expect(htmlToText(`${"<b>".repeat(100)}shallow${"</b>".repeat(100)}`)).toBe("shallow");
  });
});
