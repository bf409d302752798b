/**
 * Classic XSS and mXSS payloads through sanitizeBriefHtml (lib/feed/fixtures/xss-payloads.ts): the
 * exact output of each is pinned, and every output is checked structurally — only allowlisted
 * elements and attributes, only http(s)/mailto URLs, no comments, and stable when sanitized again (a
 * browser re-parsing it sees what the sanitizer saw). The same payloads go through the whole path a
 * feed item takes (parseFeed → normaliseItem → sections → sanitize, as store.ts does).
 */
import { parseDocument } from "htmlparser2";
import { isComment, isDocument, isTag, isText, type AnyNode } from "domhandler";
import { decodeHTMLStrict } from "entities";
import { describe, expect, it } from "vitest";
import { XSS_PAYLOADS } from "@/lib/feed/fixtures/xss-payloads";
import { normaliseItem, normaliseItems } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";
import { sanitizeBriefHtml } from "@/lib/feed/sanitize";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";

const BASE = "https://intel.example.org/briefs/one/";

/** What a brief may contain, written independently of sanitize.ts so a loosened allowlist fails here. */
const ALLOWED: Record<string, readonly string[]> = Object.fromEntries([
  ...[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "kbd",
    "samp",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "mark",
    "small",
    "dl",
    "dt",
    "dd",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
  ].map((tag) => [tag, []]),
  ["a", ["href", "title", "rel"]],
  ["abbr", ["title"]],
  ["th", ["scope", "colspan", "rowspan"]],
  ["td", ["colspan", "rowspan"]],
  ["ol", ["start"]],
]);

/** Every way the sanitized HTML could still carry something live; empty when it carries none. */
function liveConstructs(html: string): string[] {
  const problems: string[] = [];
  const visit = (node: AnyNode) => {
    if (isTag(node)) {
      const allowed = ALLOWED[node.name];
      if (!allowed) problems.push(`element <${node.name}>`);
      for (const [name, value] of Object.entries(node.attribs)) {
        if (!allowed?.includes(name)) problems.push(`attribute ${name} on <${node.name}>`);
        if (name === "href") {
          let protocol = "unparseable";
          try {
            protocol = new URL(value).protocol;
          } catch {
            // Left "unparseable", which the check below reports.
          }
          if (!["http:", "https:", "mailto:"].includes(protocol)) problems.push(`href ${value}`);
        }
      }
    } else if (isComment(node)) {
      problems.push("comment");
    } else if (!isText(node) && !isDocument(node)) {
      problems.push(`node ${node.type}`);
    }
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(parseDocument(html));
  // Every "<" left in the output must open or close an allowlisted element: text carries "&lt;".
  for (const match of html.matchAll(/<(\/?)([^\s/>]*)/g))
    if (!ALLOWED[match[2]]) problems.push(`raw "<${match[1]}${match[2]}"`);
  // Sanitizing again must find nothing to remove. (It may re-nest: `<p>a<p>b</p></p>`, left when a dropped
  // <body> or <xmp> wrapper sat between the two, comes back as `<p>a</p><p>b</p><p></p>`, as a browser
  // would read it. Allowlisted elements only move; text stays escaped.)
  const again = sanitizeBriefHtml(html, { baseUrl: BASE });
  const startTags = (value: string) => new Set(value.match(/<[a-z0-9]+(?: [^>]*)?>/g));
  const before = startTags(html);
  for (const tag of startTags(again)) if (!before.has(tag)) problems.push(`sanitizing again makes ${tag}`);
  if (parseText(again) !== parseText(html)) problems.push("sanitizing again changes the text");
  return problems;
}

function parseText(html: string): string {
  const texts: string[] = [];
  const visit = (node: AnyNode) => {
    if (isText(node)) texts.push(node.data);
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(parseDocument(html));
  return texts.join("");
}

/** The exact output of each payload, sanitized as store.ts does (base: the brief's own link). */
const EXPECTED: Record<string, string> = {
  script: "",
  "script-upper": "",
  "script-mixed-case-attrs": "",
  "script-src-data": "",
  "script-split-by-comment": "ipt&gt;window.__xss='script-split-by-comment'ipt&gt;",
  "script-nested": "xipt&gt;window.__xss='script-nested'xipt&gt;",
  "script-in-paragraph": "<p>textmore</p>",
  "img-onerror": "",
  "img-onerror-unquoted": "",
  "body-onload": "<p>x</p>",
  "p-onmouseover": "<p>hover me</p>",
  "a-onclick-upper": '<a rel="noopener noreferrer nofollow" href="https://example.org/">click</a>',
  "svg-onload": "",
  "details-ontoggle": "x",
  "onfocus-autofocus": "",
  "video-source-onerror": "",
  "attribute-breakout":
    '<a rel="noopener noreferrer nofollow" href="https://example.org/" title="x&quot; onmouseover=&quot;window.__xss=&quot;attribute-breakout&quot;">x</a>',
  "href-javascript": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-mixed-case": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-leading-spaces": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-leading-control": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-decimal-entity": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-padded-entity":
    '<a rel="noopener noreferrer nofollow" href="https://intel.example.org/briefs/one/&amp;#0000106&amp;#0000097vascript:window.__xss=\'href-javascript-padded-entity\'">x</a>',
  "href-javascript-hex-entity": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-tab": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-newline": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-tab-entity": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-newline-entity": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-colon-entity": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-hex-colon": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-javascript-unquoted": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-vbscript": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-data-html": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-data-html-base64": '<a rel="noopener noreferrer nofollow">x</a>',
  "href-data-svg": '<a rel="noopener noreferrer nofollow">x</a>',
  "img-src-data-svg": "",
  "img-src-javascript": "",
  "iframe-src-javascript": "",
  "iframe-srcdoc": "",
  "iframe-data": "",
  "object-data": "",
  "object-data-html": "",
  "embed-src": "",
  "form-action": "",
  "button-formaction": "Send",
  "input-image-formaction": "",
  "isindex-action": "",
  "style-attribute-url": "<p>x</p>",
  "style-attribute-expression": "<p>x</p>",
  "style-element": "",
  "style-overlay": "x",
  "meta-refresh": "",
  "base-href": '<a rel="noopener noreferrer nofollow" href="https://intel.example.org/relative">x</a>',
  "link-import": "",
  "link-stylesheet": "",
  "svg-script": "",
  "svg-style-img": "",
  "svg-a-xlink": "",
  "svg-animate-href": "",
  "svg-foreignobject": "",
  "math-mglyph-style": "",
  "math-mtext-mglyph-svg": "",
  "math-href": "",
  "noscript-title": "",
  "xmp-title": "<p></p>",
  "textarea-title": "",
  "title-element": '"&gt;',
  noembed: "<p></p>",
  template: "",
  "comment-markup": "",
  "comment-abrupt": "--&gt;",
  "comment-conditional": "",
  "comment-in-attribute": "<p></p>",
  "unclosed-img": "<p>x</p>",
  "unclosed-a": '<a rel="noopener noreferrer nofollow">x</a>',
  "unclosed-script": "",
  "dom-clobber": '<a rel="noopener noreferrer nofollow" href="https://example.org/">x</a>',
};

describe("sanitizeBriefHtml against classic XSS payloads", () => {
  it("has a pinned output for every payload, and every payload has a unique name", () => {
    const names = XSS_PAYLOADS.map((payload) => payload.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(EXPECTED).sort()).toEqual([...names].sort());
  });

  it.each(XSS_PAYLOADS)("$name", ({ name, html }) => {
    const output = sanitizeBriefHtml(html, { baseUrl: BASE });
    expect(output).toBe(EXPECTED[name]);
    expect(liveConstructs(output)).toEqual([]);
    expect(sanitizeBriefHtml(output, { baseUrl: BASE })).toBe(output);
    // Without a base URL (a brief with no link) relative hrefs are dropped instead; still nothing live.
    expect(liveConstructs(sanitizeBriefHtml(html))).toEqual([]);
    expect(output).not.toMatch(
      /<(script|style|iframe|object|embed|form|input|button|img|svg|math|meta|base|link|template|noscript)\b/i,
    );
  });

  it("drops <img> even when it is harmless: the allowlist has no images", () => {
    expect(sanitizeBriefHtml(`<p>Chart: <img src="https://intel.example.org/chart.png" alt="chart"></p>`)).toBe(
      "<p>Chart: </p>",
    );
  });

  it("keeps what the allowlist allows, escaping text and attribute values", () => {
    const html = `<table><tr><th scope="col" onclick="x()">IOC</th></tr><tr><td colspan="2">1.2.3.4 &lt;C2&gt; &amp; "quoted"</td></tr></table><ol start="3"><li><abbr title='"TTP" <x>'>TTP</abbr></li></ol>`;
    const output = sanitizeBriefHtml(html);
    expect(output).toBe(
      `<table><tr><th scope="col">IOC</th></tr><tr><td colspan="2">1.2.3.4 &lt;C2&gt; &amp; "quoted"</td></tr></table><ol start="3"><li><abbr title="&quot;TTP&quot; &lt;x&gt;">TTP</abbr></li></ol>`,
    );
    expect(liveConstructs(output)).toEqual([]);
  });

  it("flags live constructs (the checker itself works)", () => {
    expect(liveConstructs(`<img src=x onerror=alert(1)>`)).toContain("element <img>");
    expect(liveConstructs(`<a href="javascript:alert(1)">x</a>`)).toContain("href javascript:alert(1)");
    expect(liveConstructs(`<p onclick="x()">x</p>`)).toContain("attribute onclick on <p>");
    expect(liveConstructs(`<!-- x --><p>y</p>`)).toContain("comment");
    expect(liveConstructs(`<p>a<iframe></iframe></p>`)).toContain("element <iframe>");
  });
});

describe("XSS payloads through the whole feed path", () => {
  it.each(XSS_PAYLOADS)("$name in every part of a brief", async ({ name, html }) => {
    const body = briefBody({
      intro: `Intro ${html}`,
      steps: [html, `Step two ${html}`],
      impact: html,
      recommendations: [html],
    });
    const feed = buildFeed([sampleItem("payload", { title: html, description: html, body })]);
    const [item] = (await parseFeed(feed)).items;
    const brief = normaliseItem(item, "https://intel.example.org/feed.xml");
    const options = { baseUrl: brief.link };
    const fields = [
      brief.bodyHtml,
      brief.summaryHtml,
      ...brief.attackChain,
      brief.impactHtml ?? "",
      ...brief.recommendations,
    ];
    for (const field of fields) expect(liveConstructs(sanitizeBriefHtml(field, options)), name).toEqual([]);
    // The title is text; React escapes it. Its entities are decoded once more, but nothing in it is read as markup.
    expect(brief.title).toBe(decodeHTMLStrict(html).replace(/\s+/g, " ").trim());
  });

  it("parses and normalises one feed holding every payload, as an end-to-end test would build it", async () => {
    const feed = buildFeed(
      XSS_PAYLOADS.map(({ name, html }) =>
        sampleItem(`xss-${name}`, { title: `XSS ${name}`, body: `<p>Payload ${name}:</p>${html}` }),
      ),
    );
    const { briefs, duplicates } = normaliseItems((await parseFeed(feed)).items, "https://intel.example.org/feed.xml");
    expect(duplicates).toBe(0);
    expect(briefs.map((brief) => brief.slugBase)).toEqual(XSS_PAYLOADS.map(({ name }) => `xss-${name}`));
  });
});
