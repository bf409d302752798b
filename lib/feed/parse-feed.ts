import Parser from "rss-parser";
import type { RawCategory } from "@/lib/feed/categories";
import { errorMessage } from "@/lib/log/error-message";

/**
 * One item as rss-parser gives it, before any interpretation. Fields a hostile feed can fill with
 * markup instead of text (`<pubDate><b/></pubDate>` arrives as an object) are `unknown`.
 */
export type RawItem = {
  guid?: unknown;
  id?: unknown;
  title?: string;
  /** Atom's title `type` ("text", "html", "xhtml"); RSS titles have none. */
  titleType?: string;
  link?: string;
  /** RSS <pubDate>, as written. */
  pubDate?: unknown;
  /** rss-parser's `new Date(pubDate)`: server-time-zone dependent, so never read (see normalise.ts). */
  isoDate?: unknown;
  /** Dublin Core <dc:date>, as written. */
  date?: unknown;
  /** Atom <published> and <updated>, as written (see parseItemAtom below). */
  published?: unknown;
  updated?: unknown;
  content?: string;
  "content:encoded"?: string;
  summary?: string;
  categories?: RawCategory[];
};

export type ParsedFeed = {
  title: string | null;
  link: string | null;
  items: RawItem[];
};

export class FeedParseError extends Error {
  override name = "FeedParseError";
}

type XmlNode = Record<string, unknown>;

/** The rss-parser methods (not in its types) that build Atom feeds and entries from xml2js objects. */
type AtomInternals = {
  buildAtomFeed(xml: { feed: unknown }): unknown;
  parseItemAtom(entry: XmlNode): RawItem;
};

function firstText(values: unknown): string | undefined {
  const value: unknown = Array.isArray(values) ? values[0] : undefined;
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { _?: unknown })._ === "string")
    return (value as { _: string })._;
  return undefined;
}

/**
 * Atom <link>s in the shape rss-parser's getLink reads (`{ $: { rel, href } }`). It reads `link.$.rel`
 * unguarded, so one RSS-style `<link>https://…</link>` (no attributes) threw a TypeError and lost the
 * whole feed; such a link now counts as its href. A link without `rel` is `alternate` (RFC 4287 §4.2.7.2),
 * so an entry's page wins over an enclosure listed first.
 */
function atomLinks(links: unknown): XmlNode[] | undefined {
  if (!Array.isArray(links)) return undefined;
  return links.map((link): XmlNode => {
    if (typeof link === "string") return { $: { rel: "alternate", href: link.trim() } };
    const attributes = link && typeof link === "object" ? (link as { $?: unknown }).$ : undefined;
    if (attributes && typeof attributes === "object")
      return { ...(link as XmlNode), $: { rel: "alternate", ...attributes } };
    return { $: {} };
  });
}

/**
 * A fresh parser per document. rss-parser keeps one xml2js parser per instance, and xml2js leaks state
 * from a failed parse into the next (its error handler swaps in a new sax parser while the old one keeps
 * running and flags the new one). With the shared instance this module used to keep, a feed with two
 * XML errors made the next malformed feed parse "successfully" with mangled items, and after one
 * truncated feed the next came back as "Unable to parse XML." (reported as "not a feed", with no line).
 */
function createParser() {
  const parser = new Parser<Record<string, unknown>, RawItem>({
    // Atom entries carry their id and category terms here; RSS fields come through by default.
    customFields: {
      item: [
        ["id", "id"],
        ["category", "categories", { keepArray: true }],
      ],
    },
  });
  const internals = parser as unknown as AtomInternals;
  if (typeof internals.parseItemAtom !== "function" || typeof internals.buildAtomFeed !== "function") {
    throw new Error("rss-parser changed: parseItemAtom/buildAtomFeed are gone; revisit parse-feed.ts");
  }
  const buildAtomFeed = internals.buildAtomFeed.bind(parser);
  const parseItemAtom = internals.parseItemAtom.bind(parser);

  internals.buildAtomFeed = (xml) => {
    const feed = xml.feed;
    if (!feed || typeof feed !== "object") return buildAtomFeed(xml);
    return buildAtomFeed({ ...xml, feed: { ...(feed as XmlNode), link: atomLinks((feed as XmlNode).link) } });
  };

  // rss-parser turns an entry's <published>/<updated> into `new Date(text).toISOString()`, which throws on
  // an unreadable date and so rejected the whole Atom feed for one bad entry, and which reads a date
  // without a zone in the server's time zone. Instead of catching that error and retrying (which would
  // have to drop every entry's date, or re-parse the document without the failing one), the entry is
  // handed over without them and keeps them as written; normalise.ts reads them with parseFeedDate, so a
  // bad date is null for that entry only and Atom and RSS dates are read by the same rules.
  internals.parseItemAtom = (entry) => {
    const { published, updated, link, ...rest } = entry;
    const item = parseItemAtom({ ...rest, link: atomLinks(link) });
    item.published = firstText(published);
    item.updated = firstText(updated);
    // rss-parser drops the title's type; `type="html"` means the text is HTML to be read once more.
    const title = Array.isArray(entry.title) ? (entry.title[0] as { $?: { type?: unknown } } | undefined) : undefined;
    if (title && typeof title === "object" && typeof title.$?.type === "string")
      item.titleType = title.$.type.trim().toLowerCase();
    return item;
  };
  return parser;
}

/** The roots rss-parser reads: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom. */
const FEED_ROOTS = new Set(["rss", "rdf:RDF", "feed"]);

/** Index just past the DOCTYPE's closing `>`, skipping quoted literals, comments and the internal subset. */
function doctypeEnd(xml: string, from: number): number {
  let inSubset = false;
  for (let index = from; index < xml.length; index += 1) {
    const char = xml[index];
    if (char === '"' || char === "'") {
      const close = xml.indexOf(char, index + 1);
      if (close < 0) return xml.length;
      index = close;
    } else if (inSubset && xml.startsWith("<!--", index)) {
      const close = xml.indexOf("-->", index + 4);
      if (close < 0) return xml.length;
      index = close + 2;
    } else if (char === "[") {
      inSubset = true;
    } else if (char === "]") {
      inSubset = false;
    } else if (char === ">" && !inSubset) {
      return index + 1;
    }
  }
  return xml.length;
}

/**
 * What comes before the root element: whether a DOCTYPE declares entities, whether the document starts
 * with markup at all, and the root's name (null when the prolog cannot be read; the XML parser then
 * reports why).
 */
function readProlog(xml: string): { declaresEntities: boolean; markup: boolean; ended: boolean; root: string | null } {
  let declaresEntities = false;
  let index = 0;
  for (;;) {
    while (index < xml.length && /[\s\uFEFF]/.test(xml[index])) index += 1;
    if (index >= xml.length) return { declaresEntities, markup: true, ended: true, root: null };
    if (xml.startsWith("<?", index)) {
      const close = xml.indexOf("?>", index + 2);
      if (close < 0) break;
      index = close + 2;
    } else if (xml.startsWith("<!--", index)) {
      const close = xml.indexOf("-->", index + 4);
      if (close < 0) break;
      index = close + 3;
    } else if (/^<!DOCTYPE/i.test(xml.slice(index, index + 9))) {
      const end = doctypeEnd(xml, index + 9);
      // Over-refusing (an "<!ENTITY" inside a comment of the subset) is fine; no feed needs entities.
      if (/<!ENTITY/i.test(xml.slice(index, end))) declaresEntities = true;
      index = end;
    } else {
      const name = /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(index, index + 256))?.[1];
      // A name running to the end of the text was cut short (`<rs`): not a name to judge the document by.
      const root = name !== undefined && index + 1 + name.length < xml.length ? name : null;
      return { declaresEntities, markup: xml[index] === "<", ended: false, root };
    }
  }
  return { declaresEntities, markup: true, ended: false, root: null };
}

/** xml2js reports `Line: 0` for the first line; people count from 1. */
function describeXmlError(message: string): string {
  const [reason, ...details] = message.split("\n");
  const line = details
    .find((detail) => detail.startsWith("Line:"))
    ?.slice(5)
    .trim();
  const column = details
    .find((detail) => detail.startsWith("Column:"))
    ?.slice(7)
    .trim();
  if (line === undefined) return reason;
  return `${reason} at line ${Number(line) + 1}${column === undefined ? "" : `, column ${column}`}`;
}

function classifyError(error: unknown): FeedParseError {
  const message = errorMessage(error);
  // sax's syntax errors carry "Line:"/"Column:" details.
  if (/\nLine: \d+/.test(message)) return new FeedParseError(`Malformed feed XML: ${describeXmlError(message)}`);
  if (/not recognized as RSS|Unable to parse/i.test(message))
    return new FeedParseError(`Not an RSS or Atom feed: ${message}`);
  // rss-parser serialises XHTML content recursively (xmlbuilder).
  if (error instanceof RangeError && /call stack/i.test(message))
    return new FeedParseError("Feed nests elements too deeply to read");
  // Well-formed XML that rss-parser's builders cannot walk, e.g. <rss version="2.0"> without a <channel>.
  return new FeedParseError(`Not an RSS or Atom feed: unexpected structure (${message})`);
}

/** Parses feed text; malformed XML or a document that is not a feed rejects the whole feed. */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  if (!xml.trim()) throw new FeedParseError("Not an RSS or Atom feed: the document is empty");
  const prolog = readProlog(xml);
  // sax (under xml2js) never expands entities a DOCTYPE declares nor reads external ones: a reference is
  // an "Invalid character entity" error, and a declaration nobody uses is ignored. Refusing here says so
  // plainly, and keeps billion-laughs and XXE documents out even if the XML parser underneath changes.
  if (prolog.declaresEntities) throw new FeedParseError("Feed declares XML entities (DOCTYPE); refused");
  if (prolog.ended) {
    const line = xml.split("\n").length;
    throw new FeedParseError(`Malformed feed XML: the document ends before its root element at line ${line}`);
  }
  // JSON, plain text, an error message served with 200: not XML at all.
  if (!prolog.markup) throw new FeedParseError("Not an RSS or Atom feed: the document is not XML");
  if (prolog.root !== null && !FEED_ROOTS.has(prolog.root)) {
    // Checked before parsing: an HTML page is rarely well-formed XML, and "Malformed feed XML" would mislead.
    const html = prolog.root.toLowerCase() === "html" ? ", an HTML page" : "";
    throw new FeedParseError(`Not an RSS or Atom feed: the document is <${prolog.root}>${html}`);
  }

  let feed: Awaited<ReturnType<Parser["parseString"]>>;
  try {
    feed = await createParser().parseString(xml);
  } catch (error) {
    throw classifyError(error);
  }
  return {
    title: typeof feed.title === "string" ? feed.title.trim() || null : null,
    link: typeof feed.link === "string" ? feed.link.trim() || null : null,
    items: feed.items ?? [],
  };
}
