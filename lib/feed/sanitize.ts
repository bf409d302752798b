import { randomBytes } from "node:crypto";
import sanitizeHtml from "sanitize-html";
import { NON_TEXT_TAGS } from "@/lib/feed/html-text";

/**
 * The only HTML a brief may carry: text structure, links and code. No scripts, styles, frames,
 * forms, SVG/MathML, event handlers or inline styles survive, and URLs must be http(s) or mailto.
 */
const ALLOWED_TAGS = [
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
  "abbr",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "a",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "caption",
];

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

function sanitizeOptions(
  baseUrl: () => string | null | undefined,
  extraTags: readonly string[] = [],
): sanitizeHtml.IOptions {
  return {
    allowedTags: [...ALLOWED_TAGS, ...extraTags],
    allowedAttributes: {
      a: ["href", "title", "rel"],
      abbr: ["title"],
      th: ["scope", "colspan", "rowspan"],
      td: ["colspan", "rowspan"],
      ol: ["start"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // Text inside dropped containers such as <script> and <style> is dropped with them.
    nonTextTags: NON_TEXT_TAGS,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href ? resolveUrl(attribs.href, baseUrl()) : null;
        const safe: Record<string, string> = { rel: "noopener noreferrer nofollow" };
        if (href) safe.href = href;
        if (attribs.title) safe.title = attribs.title;
        return { tagName, attribs: safe };
      },
    },
  };
}

export function sanitizeBriefHtml(html: string, options: SanitizeOptions = {}): string {
  return sanitizeHtml(
    html,
    sanitizeOptions(() => options.baseUrl),
  );
}

export type Fragment = { html: string; baseUrl?: string | null };

/** Anything sanitize-html would change; a fragment without these characters comes out as it went in. */
const MARKUP = /[<>&]/;

/**
 * An element name no feed can contain (it is random per process and never written out): it wraps each
 * fragment of a batch, so the batch's output can be cut back into one output per fragment.
 */
const FRAGMENT_TAG = `x-fragment-${randomBytes(16).toString("hex")}`;
const FRAGMENT_OPEN = `<${FRAGMENT_TAG}>`;
const FRAGMENT_CLOSE = `</${FRAGMENT_TAG}>`;
/** Batches stay small enough that one sanitize-html call never holds much text at once. */
const MAX_BATCH_CHARS = 256 * 1024;

/** The output of each fragment of a batch, or null when the wrappers did not come out one per fragment. */
function splitBatch(output: string, count: number): string[] | null {
  if (!output.startsWith(FRAGMENT_OPEN) || !output.endsWith(FRAGMENT_CLOSE)) return null;
  const pieces = output.slice(FRAGMENT_OPEN.length, -FRAGMENT_CLOSE.length).split(FRAGMENT_CLOSE + FRAGMENT_OPEN);
  if (
    pieces.length !== count ||
    pieces.some((piece) => piece.includes(FRAGMENT_OPEN) || piece.includes(FRAGMENT_CLOSE))
  )
    return null;
  return pieces;
}

function sanitizeBatch(batch: readonly Fragment[]): string[] {
  let current = -1;
  const output = sanitizeHtml(batch.map((fragment) => FRAGMENT_OPEN + fragment.html + FRAGMENT_CLOSE).join(""), {
    ...sanitizeOptions(() => batch[current]?.baseUrl, [FRAGMENT_TAG]),
    // Each wrapper opening starts the next fragment: links inside resolve against its own base URL.
    onOpenTag: (name) => {
      if (name === FRAGMENT_TAG) current += 1;
    },
  });
  // A fragment that left the parser inside a tag, comment or raw text would swallow the wrapper after
  // it; that batch is done again one fragment at a time. Fragments serialized from a parsed body (what
  // ingest passes) are balanced, so this is for arbitrary input only.
  return splitBatch(output, batch.length) ?? batch.map((fragment) => sanitizeBriefHtml(fragment.html, fragment));
}

/**
 * Sanitizes many fragments at once, each against its own base URL, with exactly the output
 * sanitizeBriefHtml gives each. sanitize-html pays a large fixed cost per call (it builds its
 * per-call state and a fresh constructor for its stack frames), which dominated ingest when every
 * section and step of every brief was its own call; here a batch of fragments is one call.
 */
export function sanitizeFragments(fragments: readonly Fragment[]): string[] {
  const results = fragments.map((fragment) => (MARKUP.test(fragment.html) ? null : fragment.html));
  let batch: number[] = [];
  let chars = 0;
  const flush = () => {
    const outputs = sanitizeBatch(batch.map((index) => fragments[index]));
    batch.forEach((index, position) => (results[index] = outputs[position]));
    batch = [];
    chars = 0;
  };
  results.forEach((result, index) => {
    if (result !== null) return;
    batch.push(index);
    chars += fragments[index].html.length;
    if (chars >= MAX_BATCH_CHARS) flush();
  });
  if (batch.length) flush();
  return results as string[];
}
