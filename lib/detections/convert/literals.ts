/** Small helpers the backends share for writing values into queries. */

/**
 * Whether case-insensitive matching of the text needs case folding at all. Text without cased
 * letters (error codes, IP addresses, most GUIDs' digits) can use the faster exact operators.
 */
export function hasCasedLetters(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase();
}

const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * A double-quoted string literal with backslash escapes for backslash, double quote, line feed,
 * carriage return and tab: the string syntax KQL, ES|QL and SPL share.
 */
export function doubleQuoted(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (character) => BACKSLASH_ESCAPES[character])}"`;
}

/** true or false from a Sigma boolean, or the strings "true" / "false" in any case; else null. */
export function booleanValue(value: string | number | boolean): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return null;
}
