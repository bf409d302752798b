import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";
import { mentionedUsers, notesOfBrief } from "@/lib/notes/queries";
import { editNote, NoteNotFoundError, NoteRefusedError, postNote, removeNote } from "@/lib/notes/store";
import { NOTE_MAX_CHARS, NoteInputError, parseNoteBody } from "@/lib/notes/validations";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "notes-test-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const ana = { id: "user-ana", email: "ana@example.test", role: "analyst" as const };
const bo = { id: "user-bo", email: "bo@example.test", role: "analyst" as const };
const vic = { id: "user-vic", email: "vic@example.test", role: "viewer" as const };
const root = { id: "user-root", email: "root@example.test", role: "admin" as const };
const minutes = (count: number, from: Date) => new Date(from.getTime() + count * 60_000);

let slug = "";
let briefId = "";

beforeAll(async () => {
  for (const user of [ana, bo, vic, root])
    await db.user.create({ data: { id: user.id, name: user.email.split("@")[0], email: user.email, role: user.role } });
  // Two users share the local part "sam": @sam is ambiguous and links nobody.
  for (const email of ["sam@one.test", "sam@two.test"])
    await db.user.create({ data: { id: email, name: "Sam", email, role: "analyst" } });
  const file = path.join(directory, "feed.xml");
  fs.writeFileSync(file, buildFeed([sampleItem("notes-1")]));
  expect(await ingestFeed({ kind: "file", path: file }, { trigger: "cli" })).toMatchObject({ status: "ok" });
  ({ slug, id: briefId } = await db.brief.findFirstOrThrow({ select: { slug: true, id: true } }));
});

describe("a brief's notes", () => {
  it("are posted by analysts, kept in order with their author, and refused to viewers and unknown briefs", async () => {
    const posted = new Date("2026-12-01T10:00:00Z");
    const first = await postNote(slug, "Checked the sign-in logs.\nNothing yet.", ana, posted);
    const second = await postNote(slug, "Same here, @ana.", bo, minutes(1, posted));
    expect(first).toMatchObject({
      authorEmail: ana.email,
      body: "Checked the sign-in logs.\nNothing yet.",
      editedAt: null,
    });
    expect((await notesOfBrief(briefId)).map((note) => [note.id, note.authorEmail])).toEqual([
      [first.id, ana.email],
      [second.id, bo.email],
    ]);
    await expect(postNote(slug, "I may not.", vic)).rejects.toThrow(NoteRefusedError);
    await expect(postNote("no-such-brief", "Where?", ana)).rejects.toThrow(NoteNotFoundError);
    expect((await notesOfBrief(briefId)).length).toBe(2);
  });

  it("lets the author edit a note for 15 minutes, then keeps it as it is", async () => {
    const posted = new Date("2026-12-01T11:00:00Z");
    const note = await postNote(slug, "Fist draft", ana, posted);
    const edited = await editNote(slug, note.id, "First draft", ana, minutes(15, posted));
    expect(edited).toMatchObject({ body: "First draft", editedAt: minutes(15, posted) });
    await expect(editNote(slug, note.id, "Too late", ana, minutes(15.01, posted))).rejects.toThrow(
      /15 minutes after posting.*kept as it is/,
    );
    await expect(editNote(slug, note.id, "Not mine", bo, minutes(1, posted))).rejects.toThrow(/Only its author/);
    await expect(editNote(slug, "no-such-note", "x", ana, posted)).rejects.toThrow(NoteNotFoundError);
    expect((await notesOfBrief(briefId)).find((row) => row.id === note.id)?.body).toBe("First draft");
  });

  it("leaves a marker when a note is removed: by its author within the window, by an admin at any time", async () => {
    const posted = new Date("2026-12-01T12:00:00Z");
    const mine = await postNote(slug, "Pasted the wrong link", ana, posted);
    const late = await postNote(slug, "Contains a secret", bo, minutes(0.5, posted));
    await expect(removeNote(slug, mine.id, bo, minutes(1, posted))).rejects.toThrow(/Only its author/);
    const removed = await removeNote(slug, mine.id, ana, minutes(2, posted));
    expect(removed).toMatchObject({ body: null, removedBy: ana.email, removedAt: minutes(2, posted) });
    await expect(editNote(slug, mine.id, "Back", ana, minutes(3, posted))).rejects.toThrow(/removed by ana/);
    await expect(removeNote(slug, late.id, bo, minutes(60, posted))).rejects.toThrow(/kept as it is/);
    expect(await removeNote(slug, late.id, root, minutes(60, posted))).toMatchObject({
      body: null,
      removedBy: root.email,
    });
    const thread = await notesOfBrief(briefId);
    expect(thread.filter((note) => note.removedAt).map((note) => [note.id, note.authorEmail, note.body])).toEqual([
      [mine.id, ana.email, null],
      [late.id, bo.email, null],
    ]);
  });

  it("resolves @names to users by their email's local part, and leaves unknown and shared names alone", async () => {
    const users = await mentionedUsers(["@ANA and @bo.", "@sam @nobody", null]);
    expect(Object.fromEntries(users)).toEqual({
      ana: { name: "ana", email: ana.email },
      bo: { name: "bo", email: bo.email },
    });
  });
});

describe("parseNoteBody", () => {
  it("takes a body up to the length limit and names the field it refuses", () => {
    expect(parseNoteBody({ body: "  line one\r\nline two  " })).toBe("line one\nline two");
    expect(parseNoteBody({ body: "x".repeat(NOTE_MAX_CHARS) }).length).toBe(NOTE_MAX_CHARS);
    const refused = (input: unknown) => {
      try {
        parseNoteBody(input);
      } catch (error) {
        return error instanceof NoteInputError ? [error.field, error.message] : error;
      }
      return "taken";
    };
    expect(refused({ body: "x".repeat(NOTE_MAX_CHARS + 1) })).toEqual([
      "body",
      "body is longer than 10,000 characters.",
    ]);
    expect(refused({ body: "   " })).toEqual(["body", "body is empty: write the note first."]);
    expect(refused({ body: 3 })).toEqual(["body", "body must be a string: the note's text."]);
    expect(refused({ body: "x", author: "someone" })).toEqual([
      "author",
      'Unknown field "author"; a note takes only "body".',
    ]);
    expect((refused(["x"]) as string[])[0]).toBe("body");
  });
});
