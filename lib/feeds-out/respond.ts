import "server-only";
import { createHash } from "node:crypto";
import { briefListHref } from "@/lib/briefs/list-href";
import { listFeedBriefs, listTagOptions, newestBriefChangeAt } from "@/lib/briefs/queries";
import { parseBriefListParams, searchParamsRecord, type BriefListParams } from "@/lib/briefs/validations";
import { feedDocument } from "@/lib/feeds-out/feed-document";
import { renderJsonFeed } from "@/lib/feeds-out/json-feed";
import { renderRss } from "@/lib/feeds-out/rss";
import { currentDataVersion } from "@/lib/page-cache/data-version";
import { siteUrlFor } from "@/lib/site-url";
import { newestTriageChangeAt } from "@/lib/triage/queries";

export type FeedFormat = "rss" | "json";

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

type RenderedFeed = { version: string; body: string; etag: string; lastModified: string | null };

/** Rendered feeds by format, origin and view, for as long as the data version holds; bounded by size. */
const rendered = new Map<string, RenderedFeed>();
const CACHE_BUDGET_CHARS = 16 * 1024 * 1024;
let cachedChars = 0;

function remember(key: string, feed: RenderedFeed): void {
  const previous = rendered.get(key);
  if (previous) cachedChars -= previous.body.length;
  rendered.delete(key);
  rendered.set(key, feed);
  cachedChars += feed.body.length;
  for (const [oldest, entry] of rendered) {
    if (cachedChars <= CACHE_BUDGET_CHARS) break;
    rendered.delete(oldest);
    cachedChars -= entry.body.length;
  }
}

async function render(
  format: FeedFormat,
  params: BriefListParams,
  origin: URL,
  version: string,
): Promise<RenderedFeed> {
  const [briefs, tagOptions, briefChange, triageChange] = await Promise.all([
    listFeedBriefs(params),
    listTagOptions(),
    newestBriefChangeAt(),
    // Only a view filtered on the team's decisions depends on them; a public feed never shows when they change.
    hasTriageFilters(params) ? newestTriageChangeAt() : Promise.resolve(null),
  ]);
  const tagLabels = Object.fromEntries(tagOptions.map((option) => [option.name, option.label]));
  const document = feedDocument(briefs, params, origin, tagLabels);
  const newestInView = latest(briefs.map((brief) => brief.updatedAt));
  const body = format === "rss" ? renderRss(document, newestInView ?? new Date(0)) : renderJsonFeed(document);
  // A brief leaves a view when it changes (a feed update lowers its severity, an analyst dismisses it):
  // the view's Last-Modified is the newest change that could have changed what it holds, so a reader
  // polling with If-Modified-Since learns that a brief left, not only that one arrived.
  const lastChange = latest([newestInView, briefChange, triageChange]);
  // From the bytes themselves: the same view of the same data gets the same ETag from any server, before and after a restart.
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return { version, body, etag, lastModified: lastChange?.toUTCString() ?? null };
}

function latest(dates: readonly (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((newest, date) => (date && (!newest || date > newest) ? date : newest), null);
}

function hasTriageFilters(params: BriefListParams): boolean {
  return params.status.length > 0 || params.assignee !== undefined || params.decided !== undefined;
}

function matchesEtag(header: string, etag: string): boolean {
  return header.split(",").some((candidate) => {
    const value = candidate.trim();
    return value === "*" || value.replace(/^W\//, "") === etag;
  });
}

function notModified(requestHeaders: Headers, feed: RenderedFeed): boolean {
  const ifNoneMatch = requestHeaders.get("if-none-match");
  // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present.
  if (ifNoneMatch !== null) return matchesEtag(ifNoneMatch, feed.etag);
  const ifModifiedSince = Date.parse(requestHeaders.get("if-modified-since") ?? "");
  return (
    feed.lastModified !== null && !Number.isNaN(ifModifiedSince) && Date.parse(feed.lastModified) <= ifModifiedSince
  );
}

/**
 * A list view as a feed: /rss.xml and /feed.json with the list's query parameters carry its first
 * briefs in its order (see listFeedBriefs). The ETag is a hash of the feed and Last-Modified the
 * newest change that could have altered it, so a reader polling with either mostly gets 304; the rendered
 * feed is kept until the database's data version changes.
 */
export async function feedResponse(
  format: FeedFormat,
  url: URL,
  requestHeaders: Headers,
  // What the route makes of the view for its caller (the triage filters: dropped, or "me" made an email).
  forCaller: (params: BriefListParams) => BriefListParams = (params) => params,
): Promise<Response> {
  const origin = siteUrlFor(requestHeaders);
  // The key holds the view as queried, so one reader's "me" is never another's feed.
  const params = forCaller(parseBriefListParams(searchParamsRecord(url.searchParams)));
  const key = JSON.stringify([format, origin.href, briefListHref(params)]);
  const version = currentDataVersion();
  let feed = version === null ? undefined : rendered.get(key);
  if (!feed || feed.version !== version) {
    feed = await render(format, params, origin, version ?? "");
    if (version !== null) remember(key, feed);
  }

  const headers = new Headers({ etag: feed.etag, "cache-control": "public, no-cache", vary: "Accept-Encoding" });
  if (feed.lastModified) headers.set("last-modified", feed.lastModified);
  if (notModified(requestHeaders, feed)) return new Response(null, { status: 304, headers });
  headers.set("content-type", CONTENT_TYPES[format]);
  return new Response(feed.body, { status: 200, headers });
}
