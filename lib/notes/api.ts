import "server-only";
import { actorOfCaller, guardRoute, type CallerActor } from "@/lib/auth/access";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { UserInputError } from "@/lib/auth/users";
import { NoteNotFoundError, NoteRefusedError } from "@/lib/notes/store";
import { NoteInputError } from "@/lib/notes/validations";

export const NO_STORE = { "cache-control": "no-store" };

/**
 * Who may write notes through the JSON API: a personal token with the triage scope (a SOAR; a bearer
 * header is never sent by a browser on its own, so no origin check), or an analyst's session from
 * the dashboard's own origin. Signed out is 401, a viewer or another scope 403 (the `triage` surface).
 */
export async function guardNotesApi(request: Request): Promise<{ actor: CallerActor } | { denied: Response }> {
  const crossSite = Response.json({ error: "Cross-site request refused." }, { status: 403 });
  // A request another site's page sent (it says so in Origin) is refused whoever it claims to be; a
  // signed-out SOAR, which sends no Origin, learns to sign in (401).
  if (request.headers.has("origin") && !isSameOriginRequest(request.headers)) return { denied: crossSite };
  const guard = await guardRoute(request, "triage");
  if (guard.denied) return { denied: guard.denied };
  if (guard.caller.kind !== "token" && !isSameOriginRequest(request.headers)) return { denied: crossSite };
  const actor = actorOfCaller(guard.caller);
  if (!actor) return { denied: Response.json({ error: "Sign in first." }, { status: 401 }) };
  return { actor };
}

/** The JSON body of an API request, or a 400 naming `body` when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  return request.json().catch(() => {
    throw new NoteInputError("body", 'The request body is not JSON; send {"body": "..."}.');
  });
}

/** What a refused note write answers as JSON: 400 naming the field, 404, or 403. */
export function noteErrorResponse(error: unknown): Response {
  if (error instanceof NoteInputError)
    return Response.json({ error: error.message, field: error.field }, { status: 400, headers: NO_STORE });
  if (error instanceof NoteNotFoundError)
    return Response.json({ error: error.message }, { status: 404, headers: NO_STORE });
  if (error instanceof NoteRefusedError)
    return Response.json({ error: error.message }, { status: 403, headers: NO_STORE });
  throw error;
}

/** The same refusals on the brief page: the form returns with the message as its error line. */
export function asUserInputError(error: unknown): never {
  if (error instanceof NoteInputError || error instanceof NoteNotFoundError || error instanceof NoteRefusedError)
    throw new UserInputError(error.message);
  throw error;
}

/** A form post from the brief page (the JSON API is everything else). */
export function isFormPost(request: Request): boolean {
  return /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(
    request.headers.get("content-type") ?? "",
  );
}
