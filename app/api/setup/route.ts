import { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { completeSetup } from "@/lib/auth/setup";
import { UserInputError } from "@/lib/auth/users";

const setupSchema = z.object({
  token: z.string().min(1).max(200),
  email: z.string().max(320),
  name: z.string().max(200).optional().nullable(),
  password: z.string().max(1000),
});

/** POST /api/setup — creates the first admin with a one-time setup link; refused once any user exists. */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request.headers))
    return Response.json({ error: "Cross-site request refused." }, { status: 403 });
  const parsed = setupSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success)
    return Response.json({ error: "Send token, email, name and password as JSON." }, { status: 400 });
  try {
    const user = await completeSetup(
      parsed.data.token,
      { email: parsed.data.email, name: parsed.data.name ?? undefined, password: parsed.data.password },
      { address: clientAddress(request.headers), userAgent: request.headers.get("user-agent") },
    );
    return Response.json({ ok: true, email: user.email }, { status: 201 });
  } catch (error) {
    if (error instanceof UserInputError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}
