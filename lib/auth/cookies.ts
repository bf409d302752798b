import { authSettings } from "@/lib/auth/settings";

/** better-auth names its cookies "<prefix>.<name>", with `__Secure-` in front when they are Secure. */
export const COOKIE_PREFIX = "briefs";

/**
 * Secure cookies (and their `__Secure-` prefix) only when the dashboard is served over https: a
 * browser drops a Secure cookie set over plain http, so a LAN deployment on http could not sign in.
 */
export function secureCookies(): boolean {
  return authSettings().secureCookies;
}

export function sessionCookieName(secure: boolean = secureCookies()): string {
  return `${secure ? "__Secure-" : ""}${COOKIE_PREFIX}.session_token`;
}

export function cookieValue(cookieHeader: string | null | undefined, name: string): string | undefined {
  for (const part of cookieHeader?.split(";") ?? []) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
