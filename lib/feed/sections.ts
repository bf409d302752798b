import { DomUtils, parseDocument } from "htmlparser2";
import { isTag, type ChildNode, type Document, type Element } from "domhandler";
import { pruneDeepNodes } from "@/lib/feed/html-depth";
import { textOfNodes } from "@/lib/feed/html-text";

/** A brief body split by its headings. Fragments are raw HTML: they are sanitized afterwards. */
export type BriefSections = {
  summaryHtml: string;
  attackChain: string[];
  impactHtml: string | null;
  recommendations: string[];
};

const HEADING = /^h[1-6]$/;

type SectionKind = "attackChain" | "impact" | "recommendations" | "other";

function sectionKind(headingText: string): SectionKind {
  const text = headingText.trim().toLowerCase();
  if (/attack[\s-]*chain|kill[\s-]*chain|attack flow/.test(text)) return "attackChain";
  if (/^(business\s+)?impact/.test(text)) return "impact";
  if (/recommendation|mitigation|remediation|response/.test(text)) return "recommendations";
  return "other";
}

/** The element whose children hold the headings; feeds sometimes wrap the whole body in a div. */
function sectionContainer(nodes: ChildNode[]): ChildNode[] {
  const firstHeading = DomUtils.findOne((element) => HEADING.test(element.name), nodes, true);
  const parent = firstHeading?.parent;
  return parent && isTag(parent) ? parent.children : nodes;
}

function outerHtml(nodes: ChildNode[]): string {
  return nodes
    .map((node) => DomUtils.getOuterHTML(node, { decodeEntities: false }))
    .join("")
    .trim();
}

/** Ordered steps of a section: its list items, else its paragraphs. */
function stepsOf(nodes: ChildNode[]): string[] {
  const items = DomUtils.findAll((element) => element.name === "li", nodes);
  const steps = items.length
    ? items.map((item: Element) => DomUtils.getInnerHTML(item, { decodeEntities: false }))
    : nodes
        .filter((node) => isTag(node) && node.name === "p")
        .map((node) => DomUtils.getInnerHTML(node as Element, { decodeEntities: false }));
  return steps.map((step) => step.trim()).filter(Boolean);
}

/** Entities stay as written: fragments are serialized back as they came, and sanitized afterwards. */
function parseBody(bodyHtml: string) {
  // Bounded depth: the DomUtils walks and serializer below recurse per level (see html-depth.ts).
  return pruneDeepNodes(parseDocument(bodyHtml, { decodeEntities: false }));
}

function sectionsOf(document: Document): BriefSections {
  const nodes = sectionContainer(document.children);

  const summary: ChildNode[] = [];
  const byKind: Record<Exclude<SectionKind, "other">, ChildNode[] | null> = {
    attackChain: null,
    impact: null,
    recommendations: null,
  };
  let current: ChildNode[] | null = summary;

  for (const node of nodes) {
    if (isTag(node) && HEADING.test(node.name)) {
      const kind = sectionKind(DomUtils.textContent(node));
      // A repeated heading (a second "Impact") keeps filling the first section of its kind.
      current = kind === "other" ? null : (byKind[kind] ??= []);
      continue;
    }
    current?.push(node);
  }

  return {
    summaryHtml: outerHtml(summary),
    attackChain: byKind.attackChain ? stepsOf(byKind.attackChain) : [],
    impactHtml: byKind.impact ? outerHtml(byKind.impact) || null : null,
    recommendations: byKind.recommendations ? stepsOf(byKind.recommendations) : [],
  };
}

export function splitSections(bodyHtml: string): BriefSections {
  return sectionsOf(parseBody(bodyHtml));
}

/**
 * The sections and the search text of a body from one parse: parsing is most of the cost of either,
 * and ingest reads thousands of bodies at a time.
 */
export function readBody(bodyHtml: string): BriefSections & { text: string } {
  const document = parseBody(bodyHtml);
  return { ...sectionsOf(document), text: textOfNodes(document.children) };
}
