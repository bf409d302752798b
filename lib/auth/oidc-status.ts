import "server-only";
import { oidcIssuer } from "@/lib/auth/server";

const PROBE_TIMEOUT_MS = 3_000;
const KEEP_UP_MS = 5_000;
const KEEP_DOWN_MS = 2_000;

let last: { at: number; reachable: boolean } | null = null;

/**
 * Whether the identity provider answers its discovery document, so the sign-in page can say that
 * single sign-on is down (and local sign-in still works) before anyone clicks. Kept briefly: the
 * sign-in page must not wait on a dead provider for every visitor.
 */
export async function identityProviderReachable(now = Date.now()): Promise<boolean> {
  const issuer = oidcIssuer();
  if (!issuer) return false;
  if (last && now - last.at < (last.reachable ? KEEP_UP_MS : KEEP_DOWN_MS)) return last.reachable;
  let reachable = false;
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      redirect: "error",
    });
    const document = response.ok ? ((await response.json()) as { issuer?: unknown }) : null;
    reachable = document?.issuer === issuer;
  } catch {
    reachable = false;
  }
  last = { at: now, reachable };
  return reachable;
}
