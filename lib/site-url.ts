import "server-only";
import { headers } from "next/headers";
import { readEnv } from "@/lib/env";

/**
 * The dashboard's public origin, for canonical links and preview images in shared links:
 * SITE_URL when set (behind a proxy), else the origin the request came to.
 */
export async function siteUrl(): Promise<URL> {
  const configured = readEnv().SITE_URL;
  if (configured) return new URL(configured);
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? `localhost:${process.env.PORT ?? 3000}`;
  const protocol = requestHeaders.get("x-forwarded-proto") ?? "http";
  return new URL(`${protocol}://${host}`);
}
