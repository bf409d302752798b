import { createHash } from "node:crypto";
import type { Severity } from "@/lib/briefs/severity";
import { findTechniqueIds } from "@/lib/attack/techniques";
import { techniqueTag, type TagInput } from "@/lib/briefs/tags";
import { classifyCategories } from "@/lib/feed/categories";
import { parseFeedDate } from "@/lib/feed/dates";
import type { RawItem } from "@/lib/feed/parse-feed";
import { htmlToText } from "@/lib/feed/sanitize";
import { splitSections, type BriefSections } from "@/lib/feed/sections";

/** A feed item read into the shape of a brief. HTML fields are still raw: sanitize before storing. */
export type BriefInput = BriefSections & {
  identity: string;
  slugBase: string;
  title: string;
  link: string | null;
  summary: string;
  bodyHtml: string;
  /** Plain text of the body, for search; the sanitizer's dropped elements are dropped here too. */
  bodyText: string;
  severity: Severity;
  severityRaw: string | null;
  type: string | null;
  publishedAt: Date | null;
  tags: TagInput[];
  /** Hash of the raw item: an unchanged hash means nothing about the brief needs rewriting. */
  contentHash: string;
};

const MAX_TITLE_LENGTH = 500;
const MAX_SLUG_LENGTH = 120;

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

/** rss-parser gives `<guid>` as text, or as `{ _ }` when it carries attributes. */
function guidOf(item: RawItem): string {
  const guid = item.guid;
  if (typeof guid === "string") return guid.trim();
  if (guid && typeof guid === "object" && "_" in guid) return text((guid as { _: unknown })._);
  return text(item.id);
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
  const cited = findTechniqueIds(text).map(techniqueTag).filter((tag) => !names.has(tag.name));
  return [...tags, ...cited];
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

function truncate(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length - 1).trimEnd()}…`;
}

/**
 * Reads one raw item. `baseUrl` is the feed's own address, against which relative item links resolve.
 */
export function normaliseItem(item: RawItem, baseUrl: string | null): BriefInput {
  const guid = guidOf(item);
  const link = resolveLink(text(item.link), baseUrl);
  const bodyHtml = text(item["content:encoded"]) || text(item.content) || text(item.summary);
  const description = text(item.content);
  // Titles are text, never markup: React escapes them when they are shown.
  const title = truncate(text(item.title).replace(/\s+/g, " "), MAX_TITLE_LENGTH) || "Untitled brief";
  const categories = classifyCategories(item.categories);
  const sections = splitSections(bodyHtml);
  const summary = htmlToText(description && description !== bodyHtml ? description : sections.summaryHtml);
  const bodyText = htmlToText(bodyHtml);

  const contentHash = hashOf({
    guid,
    link,
    title: item.title ?? null,
    date: item.pubDate ?? item.isoDate ?? null,
    body: bodyHtml,
    description,
    categories: item.categories ?? [],
  });
  const identity = guid || link || `sha256:${hashOf({ title, body: bodyHtml })}`;

  return {
    ...sections,
    identity,
    slugBase: slugFromLink(link, title),
    title,
    link,
    summary,
    bodyHtml,
    bodyText,
    severity: categories.severity,
    severityRaw: categories.severityRaw,
    type: categories.type,
    publishedAt: parseFeedDate(item.pubDate) ?? parseFeedDate(item.isoDate),
    tags: withTechniques(categories.tags, `${summary} ${bodyText}`),
    contentHash,
  };
}

/** Normalises every item; a repeated identity keeps its first occurrence. */
export function normaliseItems(items: RawItem[], baseUrl: string | null): { briefs: BriefInput[]; duplicates: number } {
  const byIdentity = new Map<string, BriefInput>();
  let duplicates = 0;
  for (const item of items) {
    const brief = normaliseItem(item, baseUrl);
    if (byIdentity.has(brief.identity)) duplicates += 1;
    else byIdentity.set(brief.identity, brief);
  }
  return { briefs: [...byIdentity.values()], duplicates };
}
