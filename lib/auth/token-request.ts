import { z } from "zod";
import { createApiToken, FEED_SCOPE, TOKEN_SCOPES } from "@/lib/auth/api-tokens";

const tokenFields = {
  name: z.string().trim().min(1).max(100),
  kind: z.enum(["personal", "feed"]),
  scopes: z.array(z.enum(TOKEN_SCOPES)).default([]),
  days: z.coerce.number().int().min(1).max(366).nullable().default(30),
};

/** A token asked for: for the asker (/api/account/tokens) or, with `user`, a service account (/api/admin/users/tokens). */
export const tokenRequestSchema = z.object(tokenFields);
export const serviceTokenRequestSchema = z.object({ user: z.string().min(1).max(100), ...tokenFields });

type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** The body parsed by `schema`, or the 400 answer naming what a token needs. */
export async function readTokenRequest<Schema extends typeof tokenRequestSchema | typeof serviceTokenRequestSchema>(
  request: Request,
  schema: Schema,
): Promise<{ body: z.infer<Schema> } | { refused: Response }> {
  const parsed = schema.safeParse(await request.json().catch(() => null));
  if (!parsed.success || (parsed.data.kind === "personal" && parsed.data.scopes.length === 0))
    return {
      refused: Response.json({ error: "Give a name, and at least one scope for a personal token." }, { status: 400 }),
    };
  return { body: parsed.data as z.infer<Schema> };
}

/** Makes the token for `userId` and answers with it, the only time it is shown (201), or 400 with the reason. */
export async function createdTokenResponse(
  userId: string,
  body: TokenRequest,
  actor: { id: string; email: string },
): Promise<Response> {
  try {
    const created = await createApiToken({
      userId,
      name: body.name,
      scopes: body.kind === "feed" ? FEED_SCOPE : body.scopes,
      days: body.days,
      actor,
    });
    return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 400 });
  }
}
