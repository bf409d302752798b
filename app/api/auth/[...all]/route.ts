import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { auth, OIDC_PROVIDER_ID } from "@/lib/auth/server";

/**
 * better-auth's endpoints, of which only the two a browser needs are reachable: password sign-in and
 * the identity provider's return. Everything else (sign-up, account changes, session lists) the
 * dashboard calls on the server, after its own checks, so none of it is open to a crafted request.
 */
const OPEN_ENDPOINTS = [
  { method: "POST", path: "/api/auth/sign-in/email" },
  { method: "GET", path: `/api/auth/callback/${OIDC_PROVIDER_ID}` },
];

async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (request.method !== "GET" && !isSameOriginRequest(request.headers))
    return Response.json({ error: "Cross-site request refused." }, { status: 403 });
  if (!OPEN_ENDPOINTS.some((endpoint) => endpoint.method === request.method && endpoint.path === pathname))
    return Response.json({ error: "Not found." }, { status: 404 });
  const response = await auth().handler(request);
  response.headers.set("cache-control", "no-store");
  // better-auth returns the session token in the body as well: the page needs only the HttpOnly cookie.
  if (request.method === "POST" && response.ok) {
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    return Response.json({ ok: true }, { status: response.status, headers });
  }
  return response;
}

export const GET = handle;
export const POST = handle;
