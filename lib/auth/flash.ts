import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

/**
 * What a form post did, carried to the page it returns to in the query string, signed so that a
 * crafted link cannot make the dashboard show words of someone else's choosing.
 */
const signatureOf = (kind: string, message: string) =>
  createHmac("sha256", authSecret()).update(`flash:${kind}:${message}`).digest("base64url");

export type Flash = { kind: "done" | "error"; message: string };

export function flashQuery(flash: Flash): string {
  return new URLSearchParams({ [flash.kind]: flash.message, sig: signatureOf(flash.kind, flash.message) }).toString();
}

export function readFlash(query: Record<string, string | string[] | undefined>): Flash | null {
  const sig = typeof query.sig === "string" ? Buffer.from(query.sig) : null;
  for (const kind of ["error", "done"] as const) {
    const message = query[kind];
    if (typeof message !== "string" || !sig) continue;
    const expected = Buffer.from(signatureOf(kind, message));
    if (expected.length === sig.length && timingSafeEqual(expected, sig)) return { kind, message };
  }
  return null;
}
