import { BlockedAddressError } from "@/lib/http/address-guard";
import type { PostAnswer } from "@/lib/http/fetch";
import { errorMessage } from "@/lib/log/error-message";

export type DeliveryOutcome =
  { kind: "delivered" } | { kind: "retry"; at: Date; reason: string } | { kind: "failed"; reason: string };

export type RetryPolicy = {
  /** Wait after the first failed attempt; doubled after each further one. */
  firstDelayMs: number;
  longestDelayMs: number;
  /** Attempts in all before a notification is given up as failed. */
  maxAttempts: number;
};

/** 10 s, 20 s, 40 s, … at most an hour apart, twelve attempts: a receiver down for about three hours still gets it. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { firstDelayMs: 10_000, longestDelayMs: 60 * 60_000, maxAttempts: 12 };

const MAX_REASON_BODY = 200;

export function retryDelayMs(attemptsMade: number, policy: RetryPolicy): number {
  return Math.min(policy.firstDelayMs * 2 ** Math.max(0, attemptsMade - 1), policy.longestDelayMs);
}

function describeAnswer(answer: PostAnswer): string {
  const body = answer.body.replace(/\s+/g, " ").trim().slice(0, MAX_REASON_BODY);
  return `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ""}${body ? `: ${body}` : ""}`;
}

/** Worth trying again: the receiver timed out, is rate limiting, or failed on its side. */
function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * What one attempt means for a notification: delivered on 2xx; tried again later on a network
 * error, 408, 429 or 5xx (after the backoff, or the receiver's Retry-After when that is later);
 * failed for good on any other answer, on an address the fetcher's rules refuse, or when the
 * attempts run out.
 */
export function outcomeOf(
  attempt: { answer: PostAnswer } | { error: unknown },
  attemptsMade: number,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): DeliveryOutcome {
  let reason: string;
  let retryAfterMs: number | null = null;
  if ("error" in attempt) {
    reason = errorMessage(attempt.error);
    if (attempt.error instanceof BlockedAddressError) return { kind: "failed", reason };
  } else {
    const { answer } = attempt;
    if (answer.status >= 200 && answer.status < 300) return { kind: "delivered" };
    reason = describeAnswer(answer);
    if (answer.status >= 300 && answer.status < 400)
      return { kind: "failed", reason: `${reason} (notifications do not follow redirects: update the target's URL)` };
    if (!isTransient(answer.status)) return { kind: "failed", reason };
    retryAfterMs = answer.retryAfterMs;
  }
  if (attemptsMade >= policy.maxAttempts)
    return { kind: "failed", reason: `Gave up after ${attemptsMade} attempts: ${reason}` };
  const delay = Math.max(retryDelayMs(attemptsMade, policy), retryAfterMs ?? 0);
  return { kind: "retry", at: new Date(now.getTime() + delay), reason };
}
