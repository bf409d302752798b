import "server-only";
import type { CallerActor } from "@/lib/auth/access";
import { roleAtLeast } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { NOTE_COLUMNS, NOTE_EDIT_WINDOW_MS, withinEditWindow, type NoteView } from "@/lib/notes/queries";

export class NoteNotFoundError extends Error {}

/** The caller may not do this: not an analyst, not the author, or the edit window has passed. */
export class NoteRefusedError extends Error {}

async function briefIdOf(slug: string): Promise<string> {
  const brief = await db.brief.findUnique({ where: { slug }, select: { id: true } });
  if (!brief) throw new NoteNotFoundError(`No brief "${slug}".`);
  return brief.id;
}

function requireAnalyst(actor: CallerActor): void {
  if (!roleAtLeast(actor.role, "analyst")) throw new NoteRefusedError("Only analysts and admins write notes.");
}

/** Adds a note to the brief's thread. `body` has been checked (parseNoteBody); `now` is the clock, for tests. */
export async function postNote(slug: string, body: string, actor: CallerActor, now = new Date()): Promise<NoteView> {
  requireAnalyst(actor);
  const briefId = await briefIdOf(slug);
  return db.briefNote.create({
    data: { briefId, authorId: actor.id, authorEmail: actor.email, body, createdAt: now },
    select: NOTE_COLUMNS,
  });
}

/** Why a conditional write to a note matched nothing: said to the caller instead of a silent no-op. */
async function refusal(briefId: string, id: string, actor: CallerActor, now: Date): Promise<Error> {
  const note = await db.briefNote.findFirst({ where: { id, briefId }, select: NOTE_COLUMNS });
  if (!note) return new NoteNotFoundError(`No note "${id}" on this brief.`);
  if (note.removedAt) return new NoteRefusedError(`This note was removed by ${note.removedBy ?? "someone"}.`);
  if (note.authorId !== actor.id) return new NoteRefusedError("Only its author changes a note.");
  if (!withinEditWindow(note, now))
    return new NoteRefusedError(
      `A note can be changed for ${NOTE_EDIT_WINDOW_MS / 60_000} minutes after posting; this one was posted at ${note.createdAt.toISOString()} and is kept as it is.`,
    );
  return new NoteRefusedError("This note cannot be changed.");
}

/**
 * Replaces the body of the author's own note, within the edit window. One conditional update (author,
 * not removed, posted after now − window), so a check and a write cannot straddle the window's end.
 */
export async function editNote(
  slug: string,
  id: string,
  body: string,
  actor: CallerActor,
  now = new Date(),
): Promise<NoteView> {
  requireAnalyst(actor);
  const briefId = await briefIdOf(slug);
  const { count } = await db.briefNote.updateMany({
    where: {
      id,
      briefId,
      authorId: actor.id,
      removedAt: null,
      createdAt: { gte: new Date(now.getTime() - NOTE_EDIT_WINDOW_MS) },
    },
    data: { body, editedAt: now },
  });
  if (count === 0) throw await refusal(briefId, id, actor, now);
  return db.briefNote.findUniqueOrThrow({ where: { id }, select: NOTE_COLUMNS });
}

/**
 * Removes a note: its author within the edit window, an admin at any time. The row stays, with who
 * removed it and when and without its body, rather than being deleted or copied to an event table:
 * the thread shows a marker in the note's place (the team sees that something was said and taken
 * back, by whom), one row answers both "what is in the thread" and "what happened to it", and the
 * words themselves are gone, which is what a removal is for (a pasted secret, a wrong brief).
 */
export async function removeNote(slug: string, id: string, actor: CallerActor, now = new Date()): Promise<NoteView> {
  requireAnalyst(actor);
  const briefId = await briefIdOf(slug);
  const admin = roleAtLeast(actor.role, "admin");
  const { count } = await db.briefNote.updateMany({
    where: {
      id,
      briefId,
      removedAt: null,
      ...(admin ? {} : { authorId: actor.id, createdAt: { gte: new Date(now.getTime() - NOTE_EDIT_WINDOW_MS) } }),
    },
    data: { body: null, removedAt: now, removedBy: actor.email },
  });
  if (count === 0) throw await refusal(briefId, id, actor, now);
  return db.briefNote.findUniqueOrThrow({ where: { id }, select: NOTE_COLUMNS });
}
