import { describe, expect, it } from "vitest";
import { XSS_PAYLOADS } from "@/lib/feed/fixtures/xss-payloads";
import { normaliseItem } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";
import { sanitizeBriefHtml, sanitizeFragments, type Fragment } from "@/lib/feed/sanitize";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";

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
    expect(sanitizeBriefHtml(`<p onclick="alert(1)" style="color:red">x</p><img src=x onerror=alert(1)>`)).toBe(
      "<p>x</p>",
    );
  });

  it("drops non-http links in every spelling and marks the rest noopener", () => {
    for (const href of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "jav&#x09;ascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:x",
    ]) {
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

describe("sanitizeBriefHtml on hostile bodies", () => {
  it("sanitizes the same body whole: sanitize-html does not recurse", () => {
    const depth = 50_000;
    const html = sanitizeBriefHtml(`${"<b>".repeat(depth)}deep${"</b>".repeat(depth)}`);
    expect(html.length).toBe(depth * 7 + 4);
  });
});

describe("sanitizeFragments", () => {
  const one = (fragment: Fragment) => sanitizeBriefHtml(fragment.html, fragment);

  it("gives every fragment of a batch exactly what sanitizing it alone gives, against its own base URL", () => {
    const fragments: Fragment[] = [
      ...XSS_PAYLOADS.map(({ html }, index) => ({ html, baseUrl: `https://intel.example.org/briefs/${index}/` })),
      { html: `<a href="../other/">relative</a>`, baseUrl: "https://a.example.org/briefs/one/" },
      { html: `<a href="../other/">relative</a>`, baseUrl: "https://b.example.org/x/y/" },
      { html: `<a href="../other/">no base</a>` },
      { html: "plain text, no markup" },
      { html: "a > b" },
      { html: "" },
    ];
    expect(sanitizeFragments(fragments)).toEqual(fragments.map(one));
  });

  it("does the same for every field of briefs built from the payloads, as ingest stores them", async () => {
    const items = XSS_PAYLOADS.map(({ name, html }) =>
      sampleItem(`xss-${name}`, {
        description: html,
        body: briefBody({
          intro: `Intro ${html}`,
          steps: [html, `Two ${html}`],
          impact: html,
          recommendations: [html, "Plain."],
        }),
      }),
    );
    const fragments = (await parseFeed(buildFeed(items))).items.flatMap((item) => {
      const brief = normaliseItem(item, "https://intel.example.org/feed.xml");
      return [
        brief.bodyHtml,
        brief.summaryHtml,
        ...brief.attackChain,
        brief.impactHtml ?? "",
        ...brief.recommendations,
      ].map((html) => ({ html, baseUrl: brief.link }));
    });
    expect(sanitizeFragments(fragments)).toEqual(fragments.map(one));
  });

  it("still gives each fragment its own output when one would swallow the next (unclosed tag, comment or script)", () => {
    const fragments: Fragment[] = [
      "<p>before</p>",
      "<b",
      "<p>between</p>",
      "<!-- open",
      "<script>x(",
      `<a href="https://x.example/" title="unclosed`,
      "<p>after &amp; more</p>",
      "<",
    ].map((html) => ({ html, baseUrl: "https://intel.example.org/briefs/one/" }));
    expect(sanitizeFragments(fragments)).toEqual(fragments.map(one));
  });

  it("passes text without markup through untouched, as sanitize-html would", () => {
    const texts = ["Rotate keys.", "  spaced\n\ttext  ", "quotes \" and ' stay", "émoji 🛡️ and \u0000 nul", ""];
    expect(sanitizeFragments(texts.map((html) => ({ html })))).toEqual(texts);
    for (const text of texts) expect(sanitizeBriefHtml(text)).toBe(text);
  });

  it("splits a large batch into several calls without changing any output", () => {
    const body = briefBody({
      intro: "x".repeat(5000),
      steps: ["<b>a</b>"],
      impact: "<i>i</i>",
      recommendations: ["r &amp; s"],
    });
    const fragments = Array.from({ length: 120 }, (_, index) => ({
      html: `${body}<a href="/n/${index}">n</a>`,
      baseUrl: `https://intel.example.org/${index}/`,
    }));
    expect(sanitizeFragments(fragments)).toEqual(fragments.map(one));
  });
});
