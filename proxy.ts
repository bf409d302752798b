import { NextResponse, type NextRequest } from "next/server";
import { newCspNonce } from "@/lib/csp-nonce";

/**
 * A fresh nonce per request lets Next's own scripts run while any other inline script (one that
 * slipped through the sanitizer, say) is refused. Styles may be inline: the rule highlighter
 * colours with style attributes, and a style cannot run code.
 */
export function contentSecurityPolicy(nonce: string, isDevelopment: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = newCspNonce();
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  // Next reads the policy from the request to put the nonce on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: static files and the JSON API carry the other security headers (next.config.ts).
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
