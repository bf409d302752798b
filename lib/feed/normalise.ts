import { createHash } from "node:crypto";
import type { Severity } from "@/lib/briefs/severity";
import { findTechniqueIds } from "@/lib/attack/techniques";
import { techniqueTag, type TagInput } from "@/lib/briefs/tags";
import { classifyCategories } from "@/lib/feed/categories";
import { firstFeedDate } from "@/lib/feed/dates";
import type { RawItem } from "@/lib/feed/parse-feed";
import { htmlToText } from "@/lib/feed/html-text";
import { readBody, type BriefSections } from "@/lib/feed/sections";
import { decodeTitle } from "@/lib/format/title";

/** A feed item read into the shape of a brief. HTML fields are still raw: sanitize before storing. */
export type BriefInput = BriefSections &
  ItemIdentity & {
    summary: string;
    bodyHtml: string;
    /** Plain text of the body, for search; the sanitizer's dropped elements are dropped here too. */
    bodyText: string;
    severity: Severity;
    severityRaw: string | null;
    type: string | null;
    publishedAt: Date | null;
    tags: TagInput[];
  };

const MAX_TITLE_LENGTH = 500;
const MAX_SLUG_LENGTH = 120;

/** Text of a field; xml2js gives an element with attributes as `{ _: text, $: attributes }`, and markup as other objects. */
function text(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (value && typeof value === "object" && typeof (value as { _?: unknown })._ === "string")
    return (value as { _: string })._.trim();
  return "";
}

/** RSS <guid>, else Atom <id> (which rss-parser passes through as `{ _ }` when it has attributes such as xml:base). */
function guidOf(item: RawItem): string {
  return text(item.guid) || text(item.id);
}

function resolveLink(link: string, baseUrl: string | null): string | null {
  if (!link) return null;
  try {
    const url = baseUrl ? new URL(link, baseUrl) : new URL(link);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, "");
}

/** The last non-empty path segment of the link (`/briefs/2024-01-30-entra-id-lockouts/`), else the title. */
export function slugFromLink(link: string | null, title: string): string {
  if (link) {
    const segments = new URL(link).pathname.split("/").filter(Boolean);
    const last = segments.at(-1);
    if (last) {
      let decoded = last;
      try {
        decoded = decodeURIComponent(last);
      } catch {
        // A malformed escape stays as written; slugify makes it safe either way.
      }
      const slug = slugify(decoded.replace(/\.(html?|php|aspx?)$/i, ""));
      if (slug) return slug;
    }
  }
  return slugify(title) || "brief";
}

/** Technique IDs the text cites become technique tags beside those the categories gave. */
function withTechniques(tags: TagInput[], text: string): TagInput[] {
  const names = new Set(tags.map((tag) => tag.name));
  const cited = findTechniqueIds(text)
    .map(techniqueTag)
    .filter((tag) => !names.has(tag.name));
  return [...tags, ...cited];
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

function truncate(value: string, length: number): string {
  if (value.length <= length) return value;
  let cut = value.slice(0, length - 1);
  // Never keep half of a surrogate pair (an emoji at the cut): a lone surrogate is not valid text.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** What identifies an item and tells whether it changed, read without parsing any HTML. */
export type ItemIdentity = {
  identity: string;
  /** Hash of the raw item: an unchanged hash means nothing about the brief needs rewriting. */
  contentHash: string;
  slugBase: string;
  link: string | null;
  title: string;
};

function bodyOf(item: RawItem): string {
  return text(item["content:encoded"]) || text(item.content) || text(item.summary);
}

/**
 * The cheap part of reading an item: enough to find its stored brief and see whether it changed.
 * Ingest runs this on every item and the rest of normaliseItem only on new and changed ones.
 */
export function identifyItem(item: RawItem, baseUrl: string | null): ItemIdentity {
  const guid = guidOf(item);
  const link = resolveLink(text(item.link), baseUrl);
  const bodyHtml = bodyOf(item);
  // Titles are text, never markup: React escapes them when they are shown. An Atom `type="html"` title
  // is HTML, so its tags are dropped and its entities decoded once more (RFC 4287 §3.1.1.2); any other
  // title has what the XML parser left of its entities decoded once more, as text (see title.ts).
  const written = text(item.title);
  const shown = item.titleType === "html" ? htmlToText(written) : decodeTitle(written);
  const title = truncate(shown, MAX_TITLE_LENGTH) || "Untitled brief";

  const contentHash = hashOf({
    guid,
    link,
    title: item.title ?? null,
    // Dates as written (isoDate depends on the server's time zone). Keys that are undefined drop out of
    // the JSON, so RSS items with a <pubDate> keep the hash they had before Atom dates were added.
    date: item.pubDate ?? item.date ?? null,
    published: item.published,
    updated: item.updated,
    body: bodyHtml,
    description: text(item.content),
    summary: item.summary,
    categories: item.categories ?? [],
  });
  // The title as it was read before titles were decoded: a brief without guid or link keeps its identity.
  const identityTitle =
    item.titleType === "html" ? title : truncate(written.replace(/\s+/g, " "), MAX_TITLE_LENGTH) || "Untitled brief";
  const identity = guid || link || `sha256:${hashOf({ title: identityTitle, body: bodyHtml })}`;
  return { identity, contentHash, slugBase: slugFromLink(link, title), link, title };
}

/**
 * Reads one raw item. `baseUrl` is the feed's own address, against which relative item links resolve.
 * A caller that already identified the item passes that along instead of hashing it again.
 */
export function normaliseItem(
  item: RawItem,
  baseUrl: string | null,
  identified: ItemIdentity = identifyItem(item, baseUrl),
): BriefInput {
  const bodyHtml = bodyOf(item);
  // The short description: RSS <description> (rss-parser's `content`) or Atom <summary>, whichever is
  // not the body itself (Atom's <content> arrives as `content` too, and used to hide its <summary>).
  const description = [text(item.content), text(item.summary)].find((value) => value && value !== bodyHtml) ?? "";
  const categories = classifyCategories(item.categories);
  const { text: bodyText, ...sections } = readBody(bodyHtml);
  const summary = htmlToText(description || sections.summaryHtml);

  return {
    ...sections,
    identity: identified.identity,
    contentHash: identified.contentHash,
    slugBase: identified.slugBase,
    link: identified.link,
    title: identified.title,
    summary,
    bodyHtml,
    bodyText,
    severity: categories.severity,
    severityRaw: categories.severityRaw,
    type: categories.type,
    // Raw texts only, never rss-parser's isoDate: that is `new Date(text)`, which reads a date without a
    // zone in the server's time zone and rolls "31 Feb" into March (it used to be the fallback when
    // parseFeedDate refused the pubDate). A later text stands in when an earlier one is unreadable.
    publishedAt: firstFeedDate([item.pubDate, item.published, item.updated, item.date]),
    tags: withTechniques(categories.tags, `${summary} ${bodyText}`),
  };
}

export type IdentifiedItem = ItemIdentity & { item: RawItem };

/**
 * The fields of an item normaliseItem reads. rss-parser adds more (text snippets of the content, a
 * time-zone-dependent isoDate) that a large feed would otherwise keep in memory until it is stored.
 */
function readFields(item: RawItem): RawItem {
  const { guid, id, title, titleType, link, pubDate, date, published, updated, content, summary, categories } = item;
  return {
    guid,
    id,
    title,
    titleType,
    link,
    pubDate,
    date,
    published,
    updated,
    content,
    "content:encoded": item["content:encoded"],
    summary,
    categories,
  };
}

/** Identifies every item; a repeated identity keeps its first occurrence. */
export function identifyItems(
  items: RawItem[],
  baseUrl: string | null,
): { items: IdentifiedItem[]; duplicates: number } {
  const byIdentity = new Map<string, IdentifiedItem>();
  let duplicates = 0;
  for (const item of items) {
    const identified = identifyItem(item, baseUrl);
    if (byIdentity.has(identified.identity)) duplicates += 1;
    else byIdentity.set(identified.identity, { ...identified, item: readFields(item) });
  }
  return { items: [...byIdentity.values()], duplicates };
}

/** Normalises every item; a repeated identity keeps its first occurrence. */
export function normaliseItems(items: RawItem[], baseUrl: string | null): { briefs: BriefInput[]; duplicates: number } {
  const identified = identifyItems(items, baseUrl);
  return {
    briefs: identified.items.map(({ item, ...identity }) => normaliseItem(item, baseUrl, identity)),
    duplicates: identified.duplicates,
  };
}
