import { hasChildren, type ParentNode } from "domhandler";

/**
 * How deep a parsed body may nest before its deeper content is dropped. DomUtils (findOne,
 * textContent) and dom-serializer recurse once per level, so a body of ~5,000 nested <div>s (55 KB)
 * overflowed the stack and, by throwing out of normaliseItems, failed the whole feed. Real briefs nest
 * a dozen levels; browsers themselves stop nesting at 512 (Chromium's parser). The stored body is
 * sanitized by sanitize-html, which does not recurse, so it keeps everything; only the derived
 * sections and search text lose what lies below this depth.
 */
export const MAX_HTML_DEPTH = 256;

/** Empties every element deeper than `maxDepth`, without recursion. Mutates and returns `root`. */
export function pruneDeepNodes<T extends ParentNode>(root: T, maxDepth = MAX_HTML_DEPTH): T {
  const stack: Array<[ParentNode, number]> = [[root, 0]];
  while (stack.length) {
    const [parent, depth] = stack.pop()!;
    if (depth >= maxDepth) {
      for (const child of parent.children) child.parent = null;
      parent.children = [];
      continue;
    }
    for (const child of parent.children) if (hasChildren(child)) stack.push([child, depth + 1]);
  }
  return root;
}
