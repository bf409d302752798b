import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import { callerVerdict, currentCaller } from "@/lib/auth/access";
import { roleAtLeast } from "@/lib/auth/roles";
import { mentionedUsers, notesOfBrief, withinEditWindow, type MentionedUser, type NoteView } from "@/lib/notes/queries";
import { parseNoteText } from "@/lib/notes/text";
import { NOTE_MAX_CHARS } from "@/lib/notes/validations";

export type BriefNotesProps = { briefId: string; slug: string };

const inputClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";
const buttonClass =
  "rounded border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800";

/**
 * A note's words: every piece a text node (never HTML), http(s) links opened without the dashboard's
 * referrer or any endorsement, @names of known users linked to their briefs, other @names as typed.
 */
function NoteText({ body, mentions }: { body: string; mentions: Map<string, MentionedUser> }) {
  return (
    <p className="whitespace-pre-wrap break-words text-sm">
      {parseNoteText(body).map((piece, index) => {
        if (piece.kind === "link")
          return (
            <a
              key={index}
              href={piece.href}
              rel="noopener noreferrer nofollow"
              className="underline underline-offset-2"
            >
              {piece.text}
            </a>
          );
        const user = piece.kind === "mention" ? mentions.get(piece.name) : undefined;
        if (user)
          return (
            <Link
              key={index}
              href={`/?assignee=${encodeURIComponent(user.email)}`}
              title={`Briefs owned by ${user.email}`}
              className="font-medium underline underline-offset-2"
            >
              {piece.text}
            </Link>
          );
        return piece.text;
      })}
    </p>
  );
}

type Writer = { id: string; admin: boolean };

function NoteItem({
  note,
  action,
  writer,
  mentions,
  now,
}: {
  note: NoteView;
  action: string;
  writer: Writer | null;
  mentions: Map<string, MentionedUser>;
  now: Date;
}) {
  if (note.removedAt)
    return (
      <li className="text-sm italic text-slate-600 dark:text-slate-400">
        Note by {note.authorEmail} removed by {note.removedBy ?? "someone"} at <DateTime date={note.removedAt} />
      </li>
    );
  // The server decides again on every post; a page rendered just before the window closes may show
  // Edit for a little longer (the shared-page cache keeps a page a minute at most), and is refused then.
  const ownOpen = writer !== null && note.authorId === writer.id && withinEditWindow(note, now);
  return (
    <li className="space-y-1">
      <p className="text-sm">
        <span className="font-medium">{note.authorEmail}</span> · <DateTime date={note.createdAt} />
        {note.editedAt ? (
          <span className="text-slate-600 dark:text-slate-400">
            {" "}
            · edited <DateTime date={note.editedAt} />
          </span>
        ) : null}
      </p>
      <NoteText body={note.body ?? ""} mentions={mentions} />
      {ownOpen || writer?.admin ? (
        <div className="flex flex-wrap items-start gap-2">
          {ownOpen ? (
            <details>
              <summary className="cursor-pointer text-sm underline-offset-2 hover:underline">Edit</summary>
              <form method="post" action={`${action}/${encodeURIComponent(note.id)}`} className="mt-1 space-y-1">
                <input type="hidden" name="action" value="edit" />
                <label className="flex flex-col text-sm">
                  Edit note
                  <textarea
                    name="body"
                    rows={3}
                    required
                    maxLength={NOTE_MAX_CHARS}
                    defaultValue={note.body ?? ""}
                    className={inputClass}
                  />
                </label>
                <button type="submit" className={buttonClass}>
                  Save note
                </button>
              </form>
            </details>
          ) : null}
          <form method="post" action={`${action}/${encodeURIComponent(note.id)}`}>
            <button type="submit" name="action" value="remove" className={buttonClass}>
              Remove note
            </button>
          </form>
        </div>
      ) : null}
    </li>
  );
}

/**
 * The team's notes on the brief, under its team panel: read by anyone who may see the team's
 * decisions, written by analysts and admins. Checks who is asking itself, so that it shows nothing
 * to a reader the team panel is not for; every form's route checks again.
 */
export async function BriefNotes({ briefId, slug }: BriefNotesProps) {
  const caller = await currentCaller();
  if (callerVerdict(caller, "triageRead") !== "allow") return null;
  const notes = await notesOfBrief(briefId);
  const mentions = await mentionedUsers(notes.map((note) => note.body));
  const writer: Writer | null =
    caller.kind === "user" && callerVerdict(caller, "triage") === "allow"
      ? { id: caller.userId, admin: roleAtLeast(caller.role, "admin") }
      : null;
  const action = `/api/briefs/${encodeURIComponent(slug)}/notes`;
  const now = new Date();
  return (
    <section
      aria-labelledby="notes-heading"
      className="space-y-3 rounded border border-slate-300 p-4 dark:border-slate-600"
      data-testid="brief-notes"
    >
      <h2 id="notes-heading" className="text-lg font-semibold">
        Notes
      </h2>
      {notes.length ? (
        <ol className="space-y-3" aria-label="Notes">
          {notes.map((note) => (
            <NoteItem key={note.id} note={note} action={action} writer={writer} mentions={mentions} now={now} />
          ))}
        </ol>
      ) : (
        <p className="text-sm">No notes yet.</p>
      )}
      {writer ? (
        <form method="post" action={action} className="space-y-1">
          <label className="flex flex-col text-sm">
            New note
            <textarea name="body" rows={3} required maxLength={NOTE_MAX_CHARS} className={inputClass} />
          </label>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Plain text: links and line breaks are kept; @name (a colleague&apos;s email before the @) links to the
            briefs they own. You can edit or remove your note for 15 minutes.
          </p>
          <button type="submit" className={buttonClass}>
            Add note
          </button>
        </form>
      ) : null}
    </section>
  );
}
