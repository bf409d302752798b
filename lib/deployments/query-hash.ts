import { createHash } from "node:crypto";

/**
 * What "the query changed" compares: the SIEM query text the panel shows, hashed. A rule with no query
 * for a SIEM (a construct it cannot express) hashes as the empty text, so gaining one is a change too.
 */
export function queryHash(query: string | null): string {
  return createHash("sha256")
    .update(query ?? "")
    .digest("hex");
}
