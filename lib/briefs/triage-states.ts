/**
 * The team's decision on a brief. A brief is "decided" once the team has said what it does about
 * it: hunt once, adopt its rules, watch it, or dismiss it. Browser-safe: the list's filters and the
 * brief page's forms read these too.
 */
export const TRIAGE_STATES = ["new", "in_review", "hunting", "adopted", "watching", "dismissed"] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

export const DECIDED_STATES: readonly TriageState[] = ["hunting", "adopted", "watching", "dismissed"];

export const TRIAGE_STATE_LABELS: Record<TriageState, string> = {
  new: "New",
  in_review: "In review",
  hunting: "Hunting",
  adopted: "Adopted",
  watching: "Watching",
  dismissed: "Dismissed",
};

/** Why a brief was dismissed; "duplicate" names the other brief, "other" needs a comment. */
export const DISMISS_REASONS = ["not_applicable", "already_covered", "risk_accepted", "duplicate", "other"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export const DISMISS_REASON_LABELS: Record<DismissReason, string> = {
  not_applicable: "Not applicable to our environment",
  already_covered: "Already covered",
  risk_accepted: "Risk accepted",
  duplicate: "Duplicate",
  other: "Other",
};

export function isTriageState(value: unknown): value is TriageState {
  return typeof value === "string" && (TRIAGE_STATES as readonly string[]).includes(value);
}

export function isDismissReason(value: unknown): value is DismissReason {
  return typeof value === "string" && (DISMISS_REASONS as readonly string[]).includes(value);
}

export function isDecided(state: TriageState): boolean {
  return DECIDED_STATES.includes(state);
}

/** Longest comment kept: a paragraph or two of reasoning, not a report. */
export const COMMENT_MAX_CHARS = 2000;
