import type { SigmaStringPart } from "./types";

/**
 * Splits a plain Sigma string value at its wildcards: `*` (any run of characters) and `?` (one
 * character). As the specification says, `\*` and `\?` are a literal asterisk and question mark,
 * `\\` is one backslash, and a backslash before anything else is itself (so `C:\Windows` keeps
 * its backslash).
 */
export function parseSigmaString(raw: string): SigmaStringPart[] {
  const parts: SigmaStringPart[] = [];
  let text = "";
  const flushText = () => {
    if (text !== "") parts.push({ kind: "text", text });
    text = "";
  };
  for (let index = 0; index < raw.length; index++) {
    const character = raw[index];
    const next = raw[index + 1];
    if (character === "\\" && (next === "*" || next === "?" || next === "\\")) {
      text += next;
      index++;
    } else if (character === "*" || character === "?") {
      flushText();
      parts.push({ kind: "wildcard", wildcard: character });
    } else {
      text += character;
    }
  }
  flushText();
  return parts;
}

export function hasWildcards(parts: readonly SigmaStringPart[]): boolean {
  return parts.some((part) => part.kind === "wildcard");
}

/** The literal text of parts that hold no wildcard. */
export function literalText(parts: readonly SigmaStringPart[]): string {
  return parts.map((part) => (part.kind === "text" ? part.text : part.wildcard)).join("");
}
