import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { generateSyntheticFeed } from "@/lib/bench/synthetic-feed";
import { XSS_PAYLOADS } from "@/lib/feed/fixtures/xss-payloads";
import { pruneDeepNodes } from "@/lib/feed/html-depth";
import { parseFeed } from "@/lib/feed/parse-feed";
import { htmlToText, sanitizeBriefHtml } from "@/lib/feed/sanitize";
import { readBody } from "@/lib/feed/sections";

describe("sanitizeBriefHtml", () => {
  it("keeps structure and code", () => {
    const html = "<p>Use <code>a &amp;&amp; b</code> and <strong>MFA</strong>.</p><ol><li>x</li></ol>";
    expect(sanitizeBriefHtml(html)).toBe(html);
  });

  it("drops scripts, styles, frames, forms and SVG with their content", () => {
    const html = `<p>ok</p><script>alert(1)</script><style>p{}</style><iframe src="https://x"></iframe><form action="/x"><input name="a"></form><svg><script>alert(2)</script></svg>`;
    expect(sanitizeBriefHtml(html)).toBe("<p>ok</p>");
  });

  it("drops event handlers and inline styles", () => {
    expect(sanitizeBriefHtml(`<p onclick="alert(1)" style="color:red">x</p><img src=x onerror=alert(1)>`)).toBe("<p>x</p>");
  });

  it("drops non-http links in every spelling and marks the rest noopener", () => {
    for (const href of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "jav&#x09;ascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]) {
      expect(sanitizeBriefHtml(`<a href="${href}">x</a>`)).toBe('<a rel="noopener noreferrer nofollow">x</a>');
    }
    expect(sanitizeBriefHtml(`<a href="https://attack.mitre.org/" target="_blank" rel="opener">x</a>`)).toBe(
      '<a rel="noopener noreferrer nofollow" href="https://attack.mitre.org/">x</a>',
    );
  });

  it("resolves relative links against the brief's own link", () => {
    expect(sanitizeBriefHtml(`<a href="../other/">x</a>`, { baseUrl: "https://intel.example.org/briefs/one/" })).toBe(
      '<a rel="noopener noreferrer nofollow" href="https://intel.example.org/briefs/other/">x</a>',
    );
  });
});

describe("htmlToText", () => {
  it("decodes entities once, drops markup and script text, and collapses whitespace", () => {
    expect(htmlToText("<p>Tom &amp;amp; Jerry&rsquo;s\n  <b>plan</b></p><script>x()</script>")).toBe("Tom &amp; Jerry’s plan");
  });
});

/** Text as a parse that decodes entities itself reads it: how htmlToText worked before bodies were parsed once. */
function decodingParseText(html: string): string {
  const hidden = ["script", "style", "textarea", "option", "noscript", "title", "iframe", "object", "embed", "svg", "math", "template"];
  const document = pruneDeepNodes(parseDocument(html));
  for (const element of DomUtils.findAll((node) => hidden.includes(node.name), document.children)) DomUtils.removeElement(element);
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

  it("sanitizes the same body whole: sanitize-html does not recurse", () => {
    const depth = 50_000;
    const html = sanitizeBriefHtml(`${"<b>".repeat(depth)}deep${"</b>".repeat(depth)}`);
    expect(html.length).toBe(depth * 7 + 4);
  });
});
