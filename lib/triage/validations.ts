import {
  COMMENT_MAX_CHARS,
  isDismissReason,
  isTriageState,
  type DismissReason,
  type TriageState,
} from "@/lib/briefs/triage-states";

/** A value the caller sent that cannot be taken; `field` names it (the API answers 400 with it). */
export class TriageInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a caller asks to change, any subset. `assignee`: an email, or null to leave the brief with
 * nobody; the store resolves the email to a user.
 */
export type TriageChangeRequest = {
  state?: TriageState;
  reason?: DismissReason | null;
  comment?: string | null;
  duplicateOf?: string | null;
  assignee?: string | null;
};

const FIELDS = ["state", "reason", "comment", "duplicateOf", "assignee"] as const;

function optionalText(body: Record<string, unknown>, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== "string") throw new TriageInputError(field, `${field} must be a string or null.`);
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Reads an API or form body into a change request; refuses unknown fields and bad values by name. */
export function parseTriageChange(body: unknown): TriageChangeRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new TriageInputError("body", "The body must be a JSON object.");
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown) throw new TriageInputError(unknown, `Unknown field "${unknown}"; expected ${FIELDS.join(", ")}.`);
  const change: TriageChangeRequest = {};
  if (record.state !== undefined) {
    if (!isTriageState(record.state))
      throw new TriageInputError("state", "state must be new, in_review, hunting, adopted, watching or dismissed.");
    change.state = record.state;
  }
  const reason = optionalText(record, "reason");
  if (reason !== undefined) {
    if (reason !== null && !isDismissReason(reason))
      throw new TriageInputError(
        "reason",
        "reason must be not_applicable, already_covered, risk_accepted, duplicate or other.",
      );
    change.reason = reason;
  }
  const comment = optionalText(record, "comment");
  if (comment !== undefined) {
    if (comment !== null && comment.length > COMMENT_MAX_CHARS)
      throw new TriageInputError("comment", `comment is longer than ${COMMENT_MAX_CHARS} characters.`);
    change.comment = comment;
  }
  const duplicateOf = optionalText(record, "duplicateOf");
  if (duplicateOf !== undefined) change.duplicateOf = duplicateOf;
  const assignee = optionalText(record, "assignee");
  if (assignee !== undefined) change.assignee = assignee?.toLowerCase() ?? null;
  if (Object.keys(change).length === 0)
    throw new TriageInputError("body", `Nothing to change; send any of ${FIELDS.join(", ")}.`);
  return change;
}

/** The version an `If-Match` header names, weak or strong ("3", W/"3"); null when absent or not one of ours. */
export function versionFromIfMatch(header: string | null): number | null {
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header ?? "");
  return match ? Number(match[1]) : null;
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
