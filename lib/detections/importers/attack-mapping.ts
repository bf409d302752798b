import { isTechniqueId } from "@/lib/attack/techniques";
import { findTactic } from "@/lib/attack/tactics";
import { unique } from "@/lib/detections/importers/values";

export type AttackMapping = { techniques: string[]; tactics: string[] };

/**
 * A tactic slug as lib/attack/tactics.ts spells it, from a tactic name in any of the spellings
 * rule formats use: "Credential Access" (Elastic), credential-access (Sigma v2 tags),
 * credential_access (Sigma v1 tags) or an ID such as TA0006.
 */
export function tacticSlug(nameOrId: string): string | undefined {
  const key = nameOrId
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return findTactic(key)?.slug;
}

/**
 * Techniques and tactics from Sigma `tags`. Only the `attack.` namespace counts; ATT&CK group,
 * software and other IDs in that namespace (attack.g0016, attack.s0002) are not techniques and
 * are skipped.
 */
export function attackFromSigmaTags(tags: string[]): AttackMapping {
  const techniques: string[] = [];
  const tactics: string[] = [];
  for (const tag of tags) {
    const match = /^attack\.(.+)$/i.exec(tag.trim());
    if (!match) continue;
    const value = match[1];
    if (isTechniqueId(value)) {
      techniques.push(value.toUpperCase());
      continue;
    }
    const slug = tacticSlug(value);
    if (slug) tactics.push(slug);
  }
  return { techniques: unique(techniques), tactics: unique(tactics) };
}
