import type { FeedDocument, FeedEntry } from "@/lib/feeds-out/feed-document";
import { SITE_NAME } from "@/lib/feeds-out/feed-document";

/** Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are what this pattern removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text (or markup meant as the content of an element) escaped for XML: shown as written, never parsed as tags. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function element(name: string, text: string, attributes = ""): string {
  return `<${name}${attributes}>${xmlText(text)}</${name}>`;
}

function item(entry: FeedEntry): string {
  return [
    "<item>",
    element("title", entry.title),
    element("link", entry.url),
    element("guid", entry.id, ' isPermaLink="false"'),
    element("pubDate", entry.published.toUTCString()),
    // Domains as the feeds this dashboard reads use them, so a feed out can be read back in.
    element("category", entry.severity, ' domain="severity"'),
    ...(entry.type ? [element("category", entry.type, ' domain="type"')] : []),
    ...entry.tactics.map((tactic) => element("category", tactic.name, ' domain="tactic"')),
    element("description", entry.summary),
    // The sanitized body as escaped text: a reader unescapes it once and gets the HTML, with no CDATA section to break out of.
    element("content:encoded", entry.contentHtml),
    ...(entry.externalUrl ? [element("source", entry.externalUrl, ` url="${xmlText(entry.externalUrl)}"`)] : []),
    "</item>",
  ].join("");
}

/** RSS 2.0, with content:encoded for the body and an atom:link to itself. */
export function renderRss(feed: FeedDocument, builtAt: Date): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    "<channel>",
    element("title", feed.title),
    element("link", feed.homeUrl),
    element("description", feed.description),
    `<atom:link href="${xmlText(feed.rssUrl)}" rel="self" type="application/rss+xml"/>`,
    `<atom:link href="${xmlText(feed.jsonUrl)}" rel="alternate" type="application/feed+json"/>`,
    element("generator", SITE_NAME),
    element("lastBuildDate", builtAt.toUTCString()),
    ...feed.items.map(item),
    "</channel>",
    "</rss>",
  ].join("\n");
}
