import { callerFromRequest } from "@/lib/auth/access";
import { audit } from "@/lib/auth/audit";
import { clientAddress } from "@/lib/auth/client-address";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { auth } from "@/lib/auth/server";

/** POST /api/sign-out — ends this browser's session (its row is deleted, so every instance sees it) and goes to sign-in. */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request.headers))
    return Response.json({ error: "Cross-site request refused." }, { status: 403 });
  const caller = await callerFromRequest(request.headers);
  const headers = new Headers({ location: "/sign-in?signed-out=1", "cache-control": "no-store" });
  if (caller.kind === "user") {
    const result = await auth().api.signOut({ headers: request.headers, returnHeaders: true });
    for (const cookie of result.headers.getSetCookie()) headers.append("set-cookie", cookie);
    await audit({
      action: "sign-out",
      outcome: "success",
      actorId: caller.userId,
      actorEmail: caller.viewer.email,
      address: clientAddress(request.headers),
      userAgent: request.headers.get("user-agent"),
    });
  }
  return new Response(null, { status: 303, headers });
}
