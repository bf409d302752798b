/** ATT&CK technique IDs as written in briefs: T1110, or a sub-technique such as T1110.003. */
const TECHNIQUE_ID = /\bT(\d{4})(?:\.(\d{3}))?\b/g;

export function isTechniqueId(value: string): boolean {
  return /^T\d{4}(\.\d{3})?$/i.test(value.trim());
}

/** Every distinct technique ID in the text, upper-cased, in order of first appearance. */
export function findTechniqueIds(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(TECHNIQUE_ID), (match) => match[0].toUpperCase()))];
}

export function techniqueUrl(id: string): string {
  const [technique, sub] = id.toUpperCase().split(".");
  return sub
    ? `https://attack.mitre.org/techniques/${technique}/${sub}/`
    : `https://attack.mitre.org/techniques/${technique}/`;
}
