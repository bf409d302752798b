import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { accessVerdict, type Principal, type Surface, type Verdict } from "@/lib/auth/access-rules";
import { checkApiToken, type TokenHolder } from "@/lib/auth/api-tokens";
import { audit } from "@/lib/auth/audit";
import { clientAddress } from "@/lib/auth/client-address";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";
import { signInHref } from "@/lib/auth/return-path";
import { viewerFromCookies, type Viewer } from "@/lib/auth/session";
import { awaitingFirstAccount } from "@/lib/auth/first-account";
import { authSettings } from "@/lib/auth/settings";

export type Caller =
  | { kind: "setup" }
  | { kind: "anonymous"; tokenRefused?: string }
  | { kind: "user"; userId: string; role: Viewer["role"]; viewer: Viewer }
  | ({ kind: "token"; holder: TokenHolder } & Extract<Principal, { kind: "token" }>);

export { awaitingFirstAccount };

const bearerOf = (value: string | null) => /^Bearer\s+(tb[pf]_[A-Za-z0-9_-]+)$/.exec(value?.trim() ?? "")?.[1];

/**
 * Who sent a request: nobody in particular before the first account exists; else the holder of a
 * personal token (Authorization: Bearer tbp_…), of a feed token (`?token=tbf_…`, feeds only), of a
 * session cookie, or a signed-out visitor.
 */
export async function callerFromRequest(requestHeaders: Headers, url?: URL): Promise<Caller> {
  if (await awaitingFirstAccount()) return { kind: "setup" };
  const presented = bearerOf(requestHeaders.get("authorization")) ?? url?.searchParams.get("token")?.trim();
  if (presented) {
    const check = await checkApiToken(presented, { address: clientAddress(requestHeaders), path: url?.pathname ?? "" });
    if ("refused" in check) return { kind: "anonymous", tokenRefused: check.refused };
    const { holder } = check;
    // A feed token travels in URLs, which end up in logs and histories: it opens the feeds and nothing else.
    if (!holder.feedOnly && !bearerOf(requestHeaders.get("authorization")))
      return { kind: "anonymous", tokenRefused: "in-url" };
    return {
      kind: "token",
      holder,
      userId: holder.userId,
      role: holder.role,
      scopes: holder.scopes,
      feedOnly: holder.feedOnly,
    };
  }
  const viewer = await viewerFromCookies(requestHeaders.get("cookie"));
  if (viewer) return { kind: "user", userId: viewer.userId, role: viewer.role, viewer };
  return { kind: "anonymous" };
}

/** Who a write is recorded under: a signed-in user, or the owner of a personal token. */
export type CallerActor = { id: string; email: string; role: Viewer["role"] };

export function actorOfCaller(caller: Caller): CallerActor | null {
  if (caller.kind === "user") return { id: caller.userId, email: caller.viewer.email, role: caller.role };
  if (caller.kind === "token") return { id: caller.holder.userId, email: caller.holder.email, role: caller.role };
  return null;
}

export function callerVerdict(caller: Caller, surface: Surface): Verdict {
  return accessVerdict(caller, surface, authSettings().publicRead);
}

/** The caller of this page request, once per request. */
export const currentCaller = cache(async (): Promise<Caller> => callerFromRequest(await headers()));

/** The signed-in user of this request, if any (for the header and the account page). */
export async function currentViewer(): Promise<Viewer | null> {
  const caller = await currentCaller();
  return caller.kind === "user" ? caller.viewer : null;
}

async function auditDenied(caller: Caller, surface: Surface, requestHeaders: Headers, path: string): Promise<void> {
  if (caller.kind !== "user" && caller.kind !== "token") return;
  await audit({
    action: "access",
    outcome: "denied",
    actorId: caller.userId,
    actorEmail: caller.kind === "user" ? caller.viewer.email : caller.holder.email,
    address: clientAddress(requestHeaders),
    userAgent: requestHeaders.get("user-agent"),
    detail: { surface, path, role: caller.role, via: caller.kind },
  });
}

/**
 * Every page calls this before it reads anything: a signed-out visitor goes to sign-in (and comes
 * back), a signed-in user without the role gets 403.
 */
export async function requirePage(surface: Surface): Promise<Caller> {
  const caller = await currentCaller();
  const verdict = callerVerdict(caller, surface);
  if (verdict === "allow") return caller;
  const requestHeaders = await headers();
  const path = requestHeaders.get(REQUEST_PATH_HEADER) ?? "/";
  if (verdict === "sign-in") redirect(signInHref(path));
  await auditDenied(caller, surface, requestHeaders, path);
  forbidden();
}

export type RouteGuard = { caller: Caller; denied?: never } | { denied: Response; caller?: never };

/**
 * Every route handler calls this before it reads or writes: 401 for a signed-out caller or a
 * refused token, 403 for a role or scope that does not reach, and 403 for a state-changing request
 * from another origin.
 */
export async function guardRoute(
  request: Request,
  surface: Surface,
  options: { write?: boolean } = {},
): Promise<RouteGuard> {
  if (options.write && !isSameOriginRequest(request.headers))
    return { denied: Response.json({ error: "Cross-site request refused." }, { status: 403 }) };
  const url = new URL(request.url);
  const caller = await callerFromRequest(request.headers, url);
  // A revoked or expired token is refused even where a signed-out visitor may read.
  const verdict = caller.kind === "anonymous" && caller.tokenRefused ? "sign-in" : callerVerdict(caller, surface);
  if (verdict === "allow") return { caller };
  if (verdict === "sign-in")
    return {
      denied: Response.json(
        { error: caller.kind === "anonymous" && caller.tokenRefused ? "The token is not valid." : "Sign in first." },
        { status: 401, headers: { "www-authenticate": 'Bearer realm="threat-briefs"', "cache-control": "no-store" } },
      ),
    };
  await auditDenied(caller, surface, request.headers, url.pathname);
  return { denied: Response.json({ error: "Your role or token does not allow this." }, { status: 403 }) };
}
