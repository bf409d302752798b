import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";
import { newCspNonce } from "@/lib/csp-nonce";
import { readEnv } from "@/lib/env";

/**
 * A fresh nonce per request lets Next's own scripts run while any other inline script (one that
 * slipped through the sanitizer, say) is refused. Styles may be inline: the rule highlighter
 * colours with style attributes, and a style cannot run code.
 */
export function contentSecurityPolicy(nonce: string, isDevelopment: boolean, signInOrigin?: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // The single sign-on button posts here and is redirected to the identity provider: form-action covers the redirect.
    `form-action 'self'${signInOrigin ? ` ${signInOrigin}` : ""}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = newCspNonce();
  const issuer = readEnv().OIDC_ISSUER;
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development", issuer && new URL(issuer).origin);
  // Next reads the policy from the request to put the nonce on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  // Where a signed-out visitor comes back to after signing in (lib/auth/access.ts); never trusted from the client.
  requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: static files and the JSON API carry the other security headers (next.config.ts).
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
