/** Lower case, words only, single spaces: "Entra ID – ADRS Token Request" → "entra id adrs token request". */
export function normalizeRuleTitle(title: string): string {
  return title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
