import "server-only";
import { readFlash, type Flash } from "@/lib/auth/flash";

/**
 * What a rule panel's form post did, from the query it returned with: the signed message, and the
 * rule it is shown on (unsigned, since it only places a message the signature vouches for).
 */
export function deploymentFlash(
  query: Record<string, string | string[] | undefined>,
): { rule: string; flash: Flash } | null {
  const flash = readFlash(query);
  return flash && typeof query.rule === "string" ? { rule: query.rule, flash } : null;
}
