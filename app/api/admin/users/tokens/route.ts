import { z } from "zod";
import { guardRoute } from "@/lib/auth/access";
import { createApiToken, FEED_SCOPE, TOKEN_SCOPES } from "@/lib/auth/api-tokens";
import { isServiceAccount } from "@/lib/auth/service-accounts";

const serviceTokenRequestSchema = z.object({
  user: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(["personal", "feed"]),
  scopes: z.array(z.enum(TOKEN_SCOPES)).default([]),
  days: z.coerce.number().int().min(1).max(366).nullable().default(30),
});

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
  const parsed = serviceTokenRequestSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success || (parsed.data.kind === "personal" && parsed.data.scopes.length === 0))
    return Response.json({ error: "Give a name, and at least one scope for a personal token." }, { status: 400 });
  if (!(await isServiceAccount(parsed.data.user)))
    return Response.json({ error: "user: tokens are made here for service accounts only." }, { status: 400 });
  try {
    const created = await createApiToken({
      userId: parsed.data.user,
      name: parsed.data.name,
      scopes: parsed.data.kind === "feed" ? FEED_SCOPE : parsed.data.scopes,
      days: parsed.data.days,
      actor: { id: guard.caller.userId, email: guard.caller.viewer.email },
    });
    return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 400 });
  }
}
