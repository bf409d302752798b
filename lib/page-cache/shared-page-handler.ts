import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { newCspNonce } from "@/lib/csp-nonce";
import { pageAudience } from "@/lib/page-cache/audience";
import { pageCacheKey, sharedPageSurface } from "@/lib/page-cache/cache-key";
import { currentDataVersion } from "@/lib/page-cache/data-version";
import { pageBody } from "@/lib/page-cache/page-body";
import { PageCache, type RenderedPage } from "@/lib/page-cache/page-cache";
import { renderFromOwnServer } from "@/lib/page-cache/render-origin";
import { THEME_COOKIE } from "@/lib/theme/theme";
import { errorMessage } from "@/lib/log/error-message";

/** Marks this server's own render requests, so they go to Next instead of back into the cache. */
const RENDER_HEADER = "x-shared-page-render";
/** Says whether an answer came from memory ("hit") or was rendered for it ("miss"), for operators and tests. */
export const CACHE_STATUS_HEADER = "x-page-cache";
const CACHE_BUDGET_CHARS = 48 * 1024 * 1024;
/** Pages that count from "now" (a brief's age, say) must not outlive it by much. */
const MAX_PAGE_AGE_MS = 60_000;

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of cookieHeader?.split(";") ?? []) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** The nonce the page was rendered with, read from its own Content-Security-Policy. */
function renderedNonce(page: RenderedPage): string | null {
  const policy = page.headers.find(([name]) => name === "content-security-policy")?.[1];
  return policy?.match(/'nonce-([A-Za-z0-9+/=_-]+)'/)?.[1] ?? null;
}

export type SharedPageHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * Answers document requests for shared pages (the list, briefs, the overview, coverage, detections) from
 * pages rendered once per data version. Rendering a list page costs tens of milliseconds while
 * answering from memory costs well under one, and a page is asked for again and again until the
 * next ingest. A miss asks this same server for the page, so Next renders it exactly as it would
 * for the visitor, with a nonce nobody has seen; every answer then swaps that nonce for a fresh
 * one, so the Content-Security-Policy holds as if each page were rendered for its visitor.
 * Returns false when the request is not one to share: the caller hands it to Next.
 */
export function createSharedPageHandler(ownServer: { host: string; port: number }): SharedPageHandler {
  const pages = new PageCache({ maxChars: CACHE_BUDGET_CHARS, maxAgeMs: MAX_PAGE_AGE_MS });
  const renderSecret = randomUUID();
  // On PostgreSQL the first call starts listening for commits: before the first visitor, not on them.
  currentDataVersion();

  return async (request, response) => {
    if (request.headers[RENDER_HEADER] === renderSecret) return false;
    const url = new URL(request.url ?? "/", "http://localhost");
    const headers = toHeaders(request.headers);
    const pageKey = pageCacheKey({
      method: request.method ?? "GET",
      pathname: url.pathname,
      search: url.search,
      headers,
      themeCookie: cookieValue(request.headers.cookie, THEME_COOKIE),
    });
    if (pageKey === null) return false;
    // Who asks comes first: a cached page is never shown to someone it was not rendered for.
    const audience = await pageAudience(headers, url.search, sharedPageSurface(url.pathname)!).catch(
      (error: unknown) => {
        console.error(
          `Shared page ${url.pathname}: who asks could not be checked: ${error instanceof Error ? error.message : String(error)}`,
        );
        return null;
      },
    );
    const version = audience === null ? null : currentDataVersion();
    if (audience === null || version === null) return false;
    const key = JSON.stringify([audience, pageKey]);

    let page: RenderedPage;
    let renderedForThisRequest = false;
    try {
      page = await pages.page(key, version, () => {
        renderedForThisRequest = true;
        return renderFromOwnServer(ownServer, url.pathname + url.search, headers, { [RENDER_HEADER]: renderSecret });
      });
    } catch (error) {
      console.error(`Shared render of ${url.pathname} failed; rendering it for this request: ${errorMessage(error)}`);
      return false;
    }
    const placeholder = renderedNonce(page);
    if (placeholder === null) return false;

    const nonce = newCspNonce();
    const { body, gzipped } = pageBody(page, placeholder, nonce, headers.get("accept-encoding"));
    response.statusCode = page.status;
    for (const [name, value] of page.headers) {
      response.appendHeader(name, name === "content-security-policy" ? value.replaceAll(placeholder, nonce) : value);
    }
    if (gzipped) response.setHeader("content-encoding", "gzip");
    response.setHeader(CACHE_STATUS_HEADER, renderedForThisRequest ? "miss" : "hit");
    response.setHeader("content-length", Buffer.byteLength(body));
    response.end(body);
    return true;
  };
}
