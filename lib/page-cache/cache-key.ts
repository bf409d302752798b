import type { Surface } from "@/lib/auth/access-rules";
import { parseTheme } from "@/lib/theme/theme";

/**
 * Pages whose HTML depends only on the URL, the theme cookie, the origin, the data and who reads
 * them (the audience the shared-page handler adds to the key), with the surface each belongs to.
 */
const SHARED_PAGES: [RegExp, Surface][] = [
  [/^\/$/, "briefs"],
  [/^\/overview$/, "overview"],
  [/^\/coverage$/, "coverage"],
  [/^\/briefs\/[^/]+$/, "briefs"],
  [/^\/detections$/, "detections"],
  [/^\/detections\/[^/]+$/, "detections"],
];

/** The access surface of a page the cache may share, or null for any other path. */
export function sharedPageSurface(pathname: string): Surface | null {
  return SHARED_PAGES.find(([pattern]) => pattern.test(pathname))?.[1] ?? null;
}

/**
 * Headers of React Server Component requests (client-side navigations and prefetches): their
 * answers depend on each client's router state, so they are always rendered.
 */
const RSC_HEADERS = [
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-action",
];

export type PageRequest = {
  method: string;
  pathname: string;
  search: string;
  headers: Headers;
  themeCookie: string | undefined;
};

/**
 * The key a document request's rendered page is shared under, or null when the page must be rendered
 * for this request alone. The origin headers are part of the key because canonical and preview-image
 * links are built from them when SITE_URL is not set.
 */
export function pageCacheKey(request: PageRequest): string | null {
  if (request.method !== "GET") return null;
  if (sharedPageSurface(request.pathname) === null) return null;
  if (RSC_HEADERS.some((name) => request.headers.has(name)) || new URLSearchParams(request.search).has("_rsc"))
    return null;
  return JSON.stringify([
    request.pathname + request.search,
    parseTheme(request.themeCookie),
    request.headers.get("host"),
    request.headers.get("x-forwarded-host"),
    request.headers.get("x-forwarded-proto"),
  ]);
}
