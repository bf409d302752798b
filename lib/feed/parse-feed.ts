import Parser from "rss-parser";
import type { RawCategory } from "@/lib/feed/categories";

/** One item as rss-parser gives it, before any interpretation. */
export type RawItem = {
  guid?: unknown;
  id?: unknown;
  title?: string;
  link?: string;
  pubDate?: string;
  isoDate?: string;
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

const parser = new Parser<Record<string, unknown>, RawItem>({
  // Atom entries carry their id and category terms here; RSS fields come through by default.
  customFields: { item: [["id", "id"], ["category", "categories", { keepArray: true }]] },
});

/** xml2js reports `Line: 0` for the first line; people count from 1. */
function describeXmlError(message: string): string {
  const [reason, ...details] = message.split("\n");
  const line = details.find((detail) => detail.startsWith("Line:"))?.slice(5).trim();
  const column = details.find((detail) => detail.startsWith("Column:"))?.slice(7).trim();
  if (line === undefined) return reason;
  return `${reason} at line ${Number(line) + 1}${column === undefined ? "" : `, column ${column}`}`;
}

/** Parses feed text; malformed XML or a document that is not a feed rejects the whole feed. */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not recognized as RSS|Unable to parse/i.test(message)) {
      throw new FeedParseError(`Not an RSS or Atom feed: ${message}`);
    }
    throw new FeedParseError(`Malformed feed XML: ${describeXmlError(message)}`);
  }
  return {
    title: typeof feed.title === "string" ? feed.title.trim() || null : null,
    link: typeof feed.link === "string" ? feed.link.trim() || null : null,
    items: feed.items ?? [],
  };
}
