import { guardRoute } from "@/lib/auth/access";
import { isServiceAccount } from "@/lib/auth/service-accounts";
import { createdTokenResponse, readTokenRequest, serviceTokenRequestSchema } from "@/lib/auth/token-request";

/**
 * POST /api/admin/users/tokens — an admin makes a token for a service account and gets it back, the
 * only time it is shown. Only for service accounts: a person makes their own tokens, so nobody acts
 * under another person's name.
 */
export async function POST(request: Request): Promise<Response> {
  const guard = await guardRoute(request, "admin", { write: true });
  if (guard.denied) return guard.denied;
  if (guard.caller.kind !== "user")
    return Response.json({ error: "Sign in with a browser session to do this." }, { status: 403 });
  const read = await readTokenRequest(request, serviceTokenRequestSchema);
  if ("refused" in read) return read.refused;
  if (!(await isServiceAccount(read.body.user)))
    return Response.json({ error: "user: tokens are made here for service accounts only." }, { status: 400 });
  return createdTokenResponse(read.body.user, read.body, {
    id: guard.caller.userId,
    email: guard.caller.viewer.email,
  });
}
