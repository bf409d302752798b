import "server-only";
import { mentionedUsers, type NoteView } from "@/lib/notes/queries";
import { mentionedNames } from "@/lib/notes/text";

/** A note as the JSON API gives it: a removed one has `body: null` and says who removed it and when. */
export type NoteJson = {
  id: string;
  author: string;
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  removed: { by: string | null; at: string } | null;
  mentions: { name: string; email: string }[];
};

/** Notes for the API, each with the users its @names stand for (unknown names are left out). */
export async function notesJson(notes: readonly NoteView[]): Promise<NoteJson[]> {
  const users = await mentionedUsers(notes.map((note) => note.body));
  return notes.map((note) => ({
    id: note.id,
    author: note.authorEmail,
    body: note.body,
    createdAt: note.createdAt.toISOString(),
    editedAt: note.editedAt?.toISOString() ?? null,
    removed: note.removedAt ? { by: note.removedBy, at: note.removedAt.toISOString() } : null,
    mentions: (note.body ? mentionedNames(note.body) : []).flatMap((name) => {
      const user = users.get(name);
      return user ? [user] : [];
    }),
  }));
}
