import { actorOfCaller } from "@/lib/auth/access";
import { formText, handleFormPost } from "@/lib/auth/form-route";
import { UserInputError } from "@/lib/auth/users";
import { asUserInputError, guardNotesApi, jsonBody, NO_STORE, noteErrorResponse } from "@/lib/notes/api";
import { notesJson } from "@/lib/notes/note-json";
import { editNote, removeNote } from "@/lib/notes/store";
import { parseNoteBody } from "@/lib/notes/validations";

type Context = { params: Promise<{ slug: string; id: string }> };

/**
 * POST /api/briefs/{slug}/notes/{id} — the brief page's forms on one note (action = edit, with body,
 * or remove): its author within 15 minutes of posting, an admin removes at any time.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { slug, id } = await params;
  return handleFormPost(request, "triage", `/briefs/${encodeURIComponent(slug)}`, async ({ form, caller }) => {
    const actor = actorOfCaller(caller)!;
    const action = formText(form, "action");
    try {
      if (action === "edit") {
        await editNote(slug, id, parseNoteBody({ body: formText(form, "body") }), actor);
        return { done: "Note saved." };
      }
      if (action === "remove") {
        await removeNote(slug, id, actor);
        return { done: "Note removed." };
      }
    } catch (error) {
      asUserInputError(error);
    }
    throw new UserInputError("Choose edit or remove.");
  });
}

/** PATCH /api/briefs/{slug}/notes/{id} — {"body": "..."}: the author's edit within 15 minutes of posting. */
export async function PATCH(request: Request, { params }: Context): Promise<Response> {
  const guard = await guardNotesApi(request);
  if ("denied" in guard) return guard.denied;
  const { slug, id } = await params;
  try {
    const note = await editNote(slug, id, parseNoteBody(await jsonBody(request)), guard.actor);
    return Response.json((await notesJson([note]))[0], { headers: NO_STORE });
  } catch (error) {
    return noteErrorResponse(error);
  }
}

/** DELETE /api/briefs/{slug}/notes/{id} — removes the note, leaving its marker (the author within 15 minutes, an admin). */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  const guard = await guardNotesApi(request);
  if ("denied" in guard) return guard.denied;
  const { slug, id } = await params;
  try {
    const note = await removeNote(slug, id, guard.actor);
    return Response.json((await notesJson([note]))[0], { headers: NO_STORE });
  } catch (error) {
    return noteErrorResponse(error);
  }
}
