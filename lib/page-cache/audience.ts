import { accessVerdict } from "@/lib/auth/access-rules";
import { awaitingFirstAccount } from "@/lib/auth/first-account";
import { viewerFromCookies } from "@/lib/auth/session";
import { authSettings } from "@/lib/auth/settings";
import type { Surface } from "@/lib/auth/access-rules";

/**
 * Who a cached page may be shown to, checked before the cache answers (it answers before Next and
 * proxy.ts run): "setup" before the first account, "public" for a signed-out visitor where
 * PUBLIC_READ opens the page, "user:<id>:<role>" for a signed-in user (the header names them, so
 * each user has pages of their own), or null when the request must go to Next, which redirects,
 * refuses, or renders for a token holder.
 */
export async function pageAudience(headers: Headers, search: string, surface: Surface): Promise<string | null> {
  if (headers.has("authorization") || new URLSearchParams(search).has("token")) return null;
  if (await awaitingFirstAccount()) return "setup";
  const { publicRead } = authSettings();
  const viewer = await viewerFromCookies(headers.get("cookie"));
  if (viewer) {
    const verdict = accessVerdict({ kind: "user", userId: viewer.userId, role: viewer.role }, surface, publicRead);
    return verdict === "allow" ? `user:${viewer.userId}:${viewer.role}` : null;
  }
  return accessVerdict({ kind: "anonymous" }, surface, publicRead) === "allow" ? "public" : null;
}
