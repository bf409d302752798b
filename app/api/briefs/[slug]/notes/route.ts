import { actorOfCaller } from "@/lib/auth/access";
import { formText, handleFormPost } from "@/lib/auth/form-route";
import { asUserInputError, guardNotesApi, isFormPost, jsonBody, NO_STORE, noteErrorResponse } from "@/lib/notes/api";
import { notesJson } from "@/lib/notes/note-json";
import { postNote } from "@/lib/notes/store";
import { parseNoteBody } from "@/lib/notes/validations";

type Context = { params: Promise<{ slug: string }> };

/**
 * POST /api/briefs/{slug}/notes — adds a note to the brief's thread. JSON ({"body": "..."}, a token
 * with the triage scope or an analyst's session) answers 201 with the note; the brief page's form
 * (same origin, analyst session) returns to the page with what happened.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { slug } = await params;
  if (isFormPost(request))
    return handleFormPost(request, "triage", `/briefs/${encodeURIComponent(slug)}`, async ({ form, caller }) => {
      try {
        await postNote(slug, parseNoteBody({ body: formText(form, "body") }), actorOfCaller(caller)!);
      } catch (error) {
        asUserInputError(error);
      }
      return { done: "Note added." };
    });
  const guard = await guardNotesApi(request);
  if ("denied" in guard) return guard.denied;
  try {
    const note = await postNote(slug, parseNoteBody(await jsonBody(request)), guard.actor);
    const [json] = await notesJson([note]);
    return Response.json(json, { status: 201, headers: NO_STORE });
  } catch (error) {
    return noteErrorResponse(error);
  }
}
