import { findTactic } from "@/lib/attack/tactics";

export type AttackTags = {
  /** Technique IDs, upper case: T1110, T1110.003. */
  techniques: string[];
  /** Tactic slugs as lib/attack/tactics.ts spells them: credential_access. */
  tactics: string[];
};

const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/**
 * The ATT&CK techniques and tactics of a rule's `tags`. Technique tags are attack.tNNNN[.NNN];
 * tactic tags are attack.<tactic>, written with underscores (credential_access, Sigma v1) or
 * hyphens (credential-access, the current SigmaHQ spelling), or as an ID (attack.ta0006). Other
 * `attack.` tags (groups such as attack.g0016, software such as attack.s0002) are neither.
 */
export function attackTags(doc: { tags: readonly string[] }): AttackTags {
  const techniques = new Set<string>();
  const tactics = new Set<string>();
  for (const tag of doc.tags) {
    const trimmed = tag.trim();
    const technique = TECHNIQUE_TAG.exec(trimmed);
    if (technique) {
      techniques.add(technique[1].toUpperCase());
      continue;
    }
    const tactic = /^attack\.(.+)$/i.exec(trimmed);
    const found = tactic ? findTactic(tactic[1].toLowerCase().replace(/-/g, "_")) : undefined;
    if (found) tactics.add(found.slug);
  }
  return { techniques: [...techniques], tactics: [...tactics] };
}
