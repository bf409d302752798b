import { hasChildren, isComment, isTag, isText, type ChildNode } from "domhandler";
import { decodeHTML } from "entities";
import { parseDocument } from "htmlparser2";
import { pruneDeepNodes } from "@/lib/feed/html-depth";

/** Elements the sanitizer drops with their content (sanitize.ts); their text is no brief's text either. */
export const NON_TEXT_TAGS = [
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
const HIDDEN = new Set(NON_TEXT_TAGS);

/** Elements whose text htmlparser2 keeps as written, without decoding entities (as browsers do). */
const RAW_TEXT_TAGS = new Set(["script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"]);

/**
 * Text of parsed HTML, without what the sanitizer drops with its content, whitespace collapsed. The
 * nodes come from a parse that left entities as written (`decodeEntities: false`, as sections.ts
 * parses a body), so that one parse serves both the sections and this text: entities are decoded
 * here, once, exactly where the parser would have decoded them.
 */
export function textOfNodes(nodes: readonly ChildNode[]): string {
  const parts: string[] = [];
  // Iterative, and in document order: a reversed stack of the nodes still to visit.
  const stack: ChildNode[] = [...nodes].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (isText(node)) {
      const raw = node.parent && isTag(node.parent) && RAW_TEXT_TAGS.has(node.parent.name);
      parts.push(raw || !node.data.includes("&") ? node.data : decodeHTML(node.data));
    } else if (hasChildren(node) && !isComment(node) && !(isTag(node) && HIDDEN.has(node.name))) {
      for (let index = node.children.length - 1; index >= 0; index -= 1) stack.push(node.children[index]);
    }
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** Text of an HTML fragment, with entities decoded exactly once and whitespace collapsed. */
export function htmlToText(html: string): string {
  // Most summaries and titles carry no markup at all; their text is themselves.
  if (!html.includes("<") && !html.includes("&")) return html.replace(/\s+/g, " ").trim();
  // Bounded depth: the walk is iterative, but the depth limit keeps this text the same as the
  // sections' (see html-depth.ts).
  return textOfNodes(pruneDeepNodes(parseDocument(html, { decodeEntities: false })).children);
}
