import { guardRoute } from "@/lib/auth/access";
import { preferredSiem, setPreferredSiem } from "@/lib/deployments/preferred-siem";
import { isSiem, SIEMS } from "@/lib/deployments/validations";

/** POST /api/account/preferred-siem — {"siem": "sentinel"}: the rule panels open on that SIEM's query for this user. */
export async function POST(request: Request): Promise<Response> {
  const guard = await guardRoute(request, "account", { write: true });
  if (guard.denied) return guard.denied;
  if (guard.caller.kind !== "user")
    return Response.json({ error: "Sign in with a browser session to do this." }, { status: 403 });
  const body = (await request.json().catch(() => null)) as { siem?: unknown } | null;
  if (!isSiem(body?.siem))
    return Response.json({ error: `siem must be one of ${SIEMS.join(", ")}.`, field: "siem" }, { status: 400 });
  await setPreferredSiem(guard.caller.userId, body.siem);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}

/** GET /api/account/preferred-siem — {"siem": "splunk"} or {"siem": null}: the signed-in user's choice. */
export async function GET(request: Request): Promise<Response> {
  const guard = await guardRoute(request, "account");
  if (guard.denied) return guard.denied;
  if (guard.caller.kind !== "user") return Response.json({ siem: null }, { headers: { "cache-control": "no-store" } });
  return Response.json(
    { siem: await preferredSiem(guard.caller.userId) },
    { headers: { "cache-control": "private, no-store" } },
  );
}
