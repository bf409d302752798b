import { audit } from "@/lib/auth/audit";
import { clientAddress } from "@/lib/auth/client-address";
import { identityProviderReachable } from "@/lib/auth/oidc-status";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { safeReturnPath } from "@/lib/auth/return-path";
import { auth, OIDC_PROVIDER_ID } from "@/lib/auth/server";

/**
 * POST /api/sso (a form on the sign-in page) — starts single sign-on: better-auth keeps the state,
 * PKCE verifier and nonce, and the browser goes on to the identity provider. A provider that cannot
 * be reached sends it back to the sign-in page, which says so.
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request.headers))
    return Response.json({ error: "Cross-site request refused." }, { status: 403 });
  const form = await request.formData().catch(() => new FormData());
  const nextField = form.get("next");
  const next = safeReturnPath(typeof nextField === "string" ? nextField : "/");
  const back = (error: string) =>
    new Response(null, {
      status: 303,
      headers: { location: `/sign-in?error=${error}&next=${encodeURIComponent(next)}`, "cache-control": "no-store" },
    });
  // Sending the browser to a provider that is down would strand it on an error page of its own.
  if (!(await identityProviderReachable())) return back("sso_unavailable");
  try {
    const started = await auth().api.signInSocial({
      body: { provider: OIDC_PROVIDER_ID, callbackURL: next, errorCallbackURL: "/sign-in" },
      headers: request.headers,
      returnHeaders: true,
    });
    const url = started.response.url;
    if (!url) return back("sso_unavailable");
    const headers = new Headers({ location: url, "cache-control": "no-store" });
    for (const cookie of started.headers.getSetCookie()) headers.append("set-cookie", cookie);
    return new Response(null, { status: 303, headers });
  } catch (error) {
    await audit({
      action: "sign-in",
      outcome: "failure",
      address: clientAddress(request.headers),
      userAgent: request.headers.get("user-agent"),
      detail: { method: "oidc", reason: error instanceof Error ? error.message : String(error) },
    });
    return back("sso_unavailable");
  }
}
