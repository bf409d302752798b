import { guardRoute } from "@/lib/auth/access";
import { createdTokenResponse, readTokenRequest, tokenRequestSchema } from "@/lib/auth/token-request";

/** POST /api/account/tokens — makes a token for the signed-in user and returns it, the only time it is shown. */
export async function POST(request: Request): Promise<Response> {
  const guard = await guardRoute(request, "account", { write: true });
  if (guard.denied) return guard.denied;
  if (guard.caller.kind !== "user")
    return Response.json({ error: "Sign in with a browser session to do this." }, { status: 403 });
  const read = await readTokenRequest(request, tokenRequestSchema);
  if ("refused" in read) return read.refused;
  return createdTokenResponse(guard.caller.userId, read.body, {
    id: guard.caller.userId,
    email: guard.caller.viewer.email,
  });
}
