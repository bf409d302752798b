/** The 14 tactics of the MITRE ATT&CK Enterprise matrix, in kill-chain order. */
export const ATTACK_TACTICS = [
  { id: "TA0043", slug: "reconnaissance", name: "Reconnaissance" },
  { id: "TA0042", slug: "resource_development", name: "Resource Development" },
  { id: "TA0001", slug: "initial_access", name: "Initial Access" },
  { id: "TA0002", slug: "execution", name: "Execution" },
  { id: "TA0003", slug: "persistence", name: "Persistence" },
  { id: "TA0004", slug: "privilege_escalation", name: "Privilege Escalation" },
  { id: "TA0005", slug: "defense_evasion", name: "Defense Evasion" },
  { id: "TA0006", slug: "credential_access", name: "Credential Access" },
  { id: "TA0007", slug: "discovery", name: "Discovery" },
  { id: "TA0008", slug: "lateral_movement", name: "Lateral Movement" },
  { id: "TA0009", slug: "collection", name: "Collection" },
  { id: "TA0011", slug: "command_and_control", name: "Command and Control" },
  { id: "TA0010", slug: "exfiltration", name: "Exfiltration" },
  { id: "TA0040", slug: "impact", name: "Impact" },
] as const;

export type AttackTactic = (typeof ATTACK_TACTICS)[number];

const tacticsByKey = new Map<string, AttackTactic>();
for (const tactic of ATTACK_TACTICS) {
  tacticsByKey.set(tactic.slug, tactic);
  tacticsByKey.set(tactic.id.toLowerCase(), tactic);
}
// Spellings seen in feeds that drop the "and".
tacticsByKey.set("command_control", tacticsByKey.get("command_and_control")!);

/** Looks a tactic up by its normalised tag name (credential_access) or its ID (ta0006). */
export function findTactic(normalisedName: string): AttackTactic | undefined {
  return tacticsByKey.get(normalisedName);
}

export function tacticUrl(tactic: AttackTactic): string {
  return `https://attack.mitre.org/tactics/${tactic.id}/`;
}
