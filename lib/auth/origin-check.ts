import { readEnv } from "@/lib/env";

/**
 * Whether a state-changing request comes from the dashboard's own pages. Browsers send Origin with
 * every POST; a request without one passes only when Fetch Metadata says it is same-origin. Next
 * checks server actions but lets a request with no Origin through, and route handlers not at all.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (!origin) return headers.get("sec-fetch-site") === "same-origin";
  return expectedOrigins(headers).includes(origin);
}

function expectedOrigins(headers: Headers): string[] {
  const env = readEnv();
  if (env.SITE_URL) return [new URL(env.SITE_URL).origin];
  const host = headers.get("host");
  if (!host) return [];
  const forwardedProto = env.TRUST_PROXY_HOPS > 0 ? headers.get("x-forwarded-proto")?.split(",")[0]?.trim() : undefined;
  return forwardedProto ? [`${forwardedProto}://${host}`] : [`http://${host}`, `https://${host}`];
}
