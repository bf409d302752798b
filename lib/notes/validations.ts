/** The longest note taken: a long incident write-up fits, a pasted log file does not. */
export const NOTE_MAX_CHARS = 10_000;

/** A value the caller sent that cannot be taken; `field` names it (the API answers 400 with it). */
export class NoteInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A note's body from an API or form body ({"body": "..."}): unknown fields and bad values are refused
 * by name. Line breaks are kept (normalised to \n); surrounding blank space is not.
 */
export function parseNoteBody(input: unknown): string {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new NoteInputError("body", 'The request body must be a JSON object: {"body": "..."}.');
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => key !== "body");
  if (unknown) throw new NoteInputError(unknown, `Unknown field "${unknown}"; a note takes only "body".`);
  if (typeof record.body !== "string") throw new NoteInputError("body", "body must be a string: the note's text.");
  const body = record.body.replace(/\r\n?/g, "\n").trim();
  if (!body) throw new NoteInputError("body", "body is empty: write the note first.");
  if (body.length > NOTE_MAX_CHARS)
    throw new NoteInputError("body", `body is longer than ${NOTE_MAX_CHARS.toLocaleString("en")} characters.`);
  return body;
}
