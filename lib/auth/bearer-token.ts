import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares the request's bearer token with the configured one in constant time: both are hashed
 * first, so neither their contents nor their lengths leak through timing.
 */
export function bearerTokenMatches(authorization: string | null, expected: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  const given = match?.[1].trim() ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}
