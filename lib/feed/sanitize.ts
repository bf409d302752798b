import { DomUtils, parseDocument } from "htmlparser2";
import sanitizeHtml from "sanitize-html";
import { pruneDeepNodes } from "@/lib/feed/html-depth";

/**
 * The only HTML a brief may carry: text structure, links and code. No scripts, styles, frames,
 * forms, SVG/MathML, event handlers or inline styles survive, and URLs must be http(s) or mailto.
 */
const ALLOWED_TAGS = [
  "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp",
  "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "abbr",
  "ul", "ol", "li", "dl", "dt", "dd", "a", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
];

const NON_TEXT_TAGS = ["script", "style", "textarea", "option", "noscript", "title", "iframe", "object", "embed", "svg", "math", "template"];

export type SanitizeOptions = {
  /** Relative links resolve against this (the item's own link). */
  baseUrl?: string | null;
};

function resolveUrl(href: string, baseUrl: string | null | undefined): string | null {
  try {
    const url = baseUrl ? new URL(href, baseUrl) : new URL(href);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function sanitizeBriefHtml(html: string, options: SanitizeOptions = {}): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ["href", "title", "rel"], abbr: ["title"], th: ["scope", "colspan", "rowspan"], td: ["colspan", "rowspan"], ol: ["start"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // Text inside dropped containers such as <script> and <style> is dropped with them.
    nonTextTags: NON_TEXT_TAGS,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href ? resolveUrl(attribs.href, options.baseUrl) : null;
        const safe: Record<string, string> = { rel: "noopener noreferrer nofollow" };
        if (href) safe.href = href;
        if (attribs.title) safe.title = attribs.title;
        return { tagName, attribs: safe };
      },
    },
  });
}

/** Text of an HTML fragment, with entities decoded exactly once and whitespace collapsed. */
export function htmlToText(html: string): string {
  // Bounded depth: DomUtils.textContent recurses per level (see html-depth.ts).
  const document = pruneDeepNodes(parseDocument(html));
  const hidden = DomUtils.findAll((element) => NON_TEXT_TAGS.includes(element.name), document.children);
  for (const element of hidden) DomUtils.removeElement(element);
  return DomUtils.textContent(document).replace(/\s+/g, " ").trim();
}
