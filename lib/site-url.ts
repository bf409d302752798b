import "server-only";
import { headers } from "next/headers";
import { readEnv } from "@/lib/env";

function localOrigin(): string {
  return `localhost:${process.env.PORT ?? 3000}`;
}

/**
 * The dashboard's public origin for absolute links (canonical links, preview images, feeds):
 * SITE_URL when set (behind a proxy), else the origin the request came to.
 */
export function siteUrlFor(requestHeaders: Headers): URL {
  const configured = readEnv().SITE_URL;
  if (configured) return new URL(configured);
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? localOrigin();
  const protocol = requestHeaders.get("x-forwarded-proto") ?? "http";
  return new URL(`${protocol}://${host}`);
}

/** The public origin for the page being rendered. */
export async function siteUrl(): Promise<URL> {
  return siteUrlFor(await headers());
}

/** The public origin for what leaves outside any request (notifications): SITE_URL, else this server on localhost. */
export function configuredSiteUrl(): URL {
  return new URL(readEnv().SITE_URL ?? `http://${localOrigin()}`);
}
