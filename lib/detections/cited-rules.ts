/**
 * Names of the Sigma rules a brief tells its reader to deploy ("Deploy the Sigma rule “X” …").
 * The feed carries no rule text, only these names.
 */
const CITED_RULE = /Sigma rule\s+[“"«‘']([^”"»’']{3,200})[”"»’']/g;

export function findCitedRuleNames(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(CITED_RULE), (match) => match[1].replace(/\s+/g, " ").trim()))];
}
