import "server-only";
import { db } from "@/lib/db";
import { mentionedNames } from "@/lib/notes/text";

/** How long after posting its author may still edit or remove a note; after it the note is kept as it is. */
export const NOTE_EDIT_WINDOW_MS = 15 * 60_000;

/** A note as the thread shows it: a removed one has no body, and says who removed it and when. */
export type NoteView = {
  id: string;
  authorId: string | null;
  authorEmail: string;
  body: string | null;
  createdAt: Date;
  editedAt: Date | null;
  removedAt: Date | null;
  removedBy: string | null;
};

/** The user an @name links to, by the local part of the email (what @name means: README, "Notes"). */
export type MentionedUser = { name: string; email: string };

export const NOTE_COLUMNS = {
  id: true,
  authorId: true,
  authorEmail: true,
  body: true,
  createdAt: true,
  editedAt: true,
  removedAt: true,
  removedBy: true,
} as const;

/** The brief's notes, oldest first, removed ones included (as their markers). */
export async function notesOfBrief(briefId: string): Promise<NoteView[]> {
  return db.briefNote.findMany({
    where: { briefId },
    select: NOTE_COLUMNS,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** Whether the author may still edit or remove the note at `now` (the server's rule; the page hides Edit after it). */
export function withinEditWindow(note: Pick<NoteView, "createdAt" | "removedAt">, now: Date): boolean {
  return note.removedAt === null && now.getTime() - note.createdAt.getTime() <= NOTE_EDIT_WINDOW_MS;
}

/**
 * The users the @names of these bodies stand for: a name links to the one user whose email's local
 * part it is (case aside). A name nobody has, or two users share (ana@a.example, ana@b.example), maps
 * to nobody and stays plain text.
 */
export async function mentionedUsers(bodies: readonly (string | null)[]): Promise<Map<string, MentionedUser>> {
  const names = [...new Set(bodies.flatMap((body) => (body ? mentionedNames(body) : [])))];
  if (names.length === 0) return new Map();
  const users = await db.user.findMany({
    where: { OR: names.map((name) => ({ email: { startsWith: `${name}@` } })) },
    select: { email: true },
  });
  const found = new Map<string, MentionedUser | null>();
  for (const { email } of users) {
    const name = email.slice(0, email.lastIndexOf("@")).toLowerCase();
    if (!names.includes(name)) continue;
    found.set(name, found.has(name) ? null : { name, email });
  }
  return new Map([...found].flatMap(([name, user]) => (user ? [[name, user] as const] : [])));
}
