import "server-only";
import { guardRoute, type Caller } from "@/lib/auth/access";
import type { Surface } from "@/lib/auth/access-rules";
import { clientAddress } from "@/lib/auth/client-address";
import { flashQuery } from "@/lib/auth/flash";
import type { Actor } from "@/lib/auth/user-admin";
import { UserInputError } from "@/lib/auth/users";

export type FormContext = { caller: Extract<Caller, { kind: "user" }>; form: FormData; actor: Actor; request: Request };
export type FormOutcome = { done: string; cookies?: string[] };

/**
 * A form post from the account or admin pages: origin, session and role are checked first (a token
 * cannot post forms), then the action runs and the browser goes back to the page with what happened
 * in the query (303, so a reload does not post again). Works without JavaScript.
 */
export async function handleFormPost(
  request: Request,
  surface: Surface,
  back: string,
  action: (context: FormContext) => Promise<FormOutcome>,
): Promise<Response> {
  const guard = await guardRoute(request, surface, { write: true });
  if (guard.denied) return guard.denied;
  if (guard.caller.kind !== "user")
    return Response.json({ error: "Sign in with a browser session to do this." }, { status: 403 });
  const form = await request.formData().catch(() => new FormData());
  const actor: Actor = {
    id: guard.caller.userId,
    email: guard.caller.viewer.email,
    address: clientAddress(request.headers),
    userAgent: request.headers.get("user-agent"),
  };
  const headers = new Headers({ "cache-control": "no-store" });
  try {
    const outcome = await action({ caller: guard.caller, form, actor, request });
    for (const cookie of outcome.cookies ?? []) headers.append("set-cookie", cookie);
    headers.set("location", `${back}${joiner(back)}${flashQuery({ kind: "done", message: outcome.done })}`);
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    headers.set("location", `${back}${joiner(back)}${flashQuery({ kind: "error", message: error.message })}`);
  }
  return new Response(null, { status: 303, headers });
}

/** `back` may carry its own query (a filtered list view): the flash joins it. */
const joiner = (back: string) => (back.includes("?") ? "&" : "?");

export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
