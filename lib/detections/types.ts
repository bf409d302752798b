/**
 * A detection rule as the dashboard keeps it, whatever format it came in. The rule text is the
 * source of truth; every other field is read from it (and, for triage, from the rule's notes).
 */
export type DetectionSource = "bundled" | "sigma-import" | "elastic-import";

export const DETECTION_LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
export type DetectionLevel = (typeof DETECTION_LEVELS)[number];

/** One triage step; `fields` names the log fields it inspects, when it names any. */
export type TriageStep = { text: string; fields: string[] };

export type DetectionRecord = {
  /** Sigma `id` or Elastic `rule_id`: a UUID, the key a re-import updates in place by. */
  id: string;
  title: string;
  status: string | null;
  level: DetectionLevel | null;
  description: string | null;
  /** Sigma logsource; for Elastic rules, what the index patterns imply (e.g. azure / signinlogs). */
  logsource: { product?: string; service?: string; category?: string } | null;
  /** The file's text exactly as written (YAML for Sigma, TOML for Elastic). */
  ruleText: string;
  ruleFormat: "sigma" | "elastic-toml";
  /** ATT&CK technique IDs, upper case: T1110, T1110.003. */
  techniques: string[];
  /** ATT&CK tactic slugs as in lib/attack/tactics.ts: credential_access. */
  tactics: string[];
  falsePositives: string[];
  references: string[];
  triage: TriageStep[];
  source: DetectionSource;
  author: string | null;
  license: string | null;
  /** An Elastic rule's own query and its language (kuery, eql, esql); null for Sigma. */
  nativeQuery: { language: string; text: string } | null;
};
