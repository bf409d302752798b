import { describe, expect, it } from "vitest";
import { htmlToText, sanitizeBriefHtml } from "@/lib/feed/sanitize";

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
