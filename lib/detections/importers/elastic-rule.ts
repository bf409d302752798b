import { parse, TomlError } from "smol-toml";
import { isTechniqueId } from "@/lib/attack/techniques";
import { tacticSlug } from "@/lib/detections/importers/attack-mapping";
import { elasticLogsource } from "@/lib/detections/importers/elastic-logsource";
import type { FileParseResult } from "@/lib/detections/importers/import-types";
import { markdownSection, triageStepsFromMarkdownList } from "@/lib/detections/importers/markdown-steps";
import { isPlainObject, isUuid, optionalText, textList, unique } from "@/lib/detections/importers/values";
import type { DetectionLevel, DetectionRecord, TriageStep } from "@/lib/detections/types";
import { errorMessage } from "@/lib/log/error-message";

const SEVERITIES: readonly DetectionLevel[] = ["low", "medium", "high", "critical"];
// Nearly every rule says "Possible investigation steps"; a few say "Investigation steps".
const INVESTIGATION_HEADING = /^(possible )?investigation steps:?$/i;

/** The tables of one Elastic rule file: the Kibana rule and its metadata. */
export type ElasticRuleTables = { rule: Record<string, unknown>; metadata: Record<string, unknown> };

/**
 * The `[rule]` and `[metadata]` tables of a rule file of Elastic's detection-rules repository, the
 * one place its TOML is parsed (the importer and the converter both read it here).
 */
export function readElasticRuleTables(
  text: string,
): { ok: true; tables: ElasticRuleTables } | { ok: false; reason: string } {
  let toml: Record<string, unknown>;
  try {
    toml = parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid TOML: ${tomlErrorSummary(error)}` };
  }
  const rule = toml.rule;
  if (!isPlainObject(rule)) return { ok: false, reason: "missing the [rule] table" };
  return { ok: true, tables: { rule, metadata: isPlainObject(toml.metadata) ? toml.metadata : {} } };
}

/** The rule's query and its language (kuery, eql, esql, lucene), Kibana's default language by rule type when it names none. */
export function elasticRuleQuery(rule: Record<string, unknown>): { language: string; text: string } | null {
  const query = optionalText(rule.query);
  const language = optionalText(rule.language) ?? (query ? defaultLanguage(rule.type) : null);
  return query && language ? { language, text: query } : null;
}

/**
 * Reads one rule file of Elastic's detection-rules repository: a `[metadata]` table and a `[rule]`
 * table holding the Kibana rule, with `[[rule.threat]]` entries for its ATT&CK mapping.
 */
export function parseElasticRule(text: string): FileParseResult {
  const read = readElasticRuleTables(text);
  if (!read.ok) return read;
  const { rule, metadata } = read.tables;

  const name = optionalText(rule.name);
  if (name === null) return { ok: false, reason: "missing rule.name" };
  if (rule.rule_id === undefined) return { ok: false, reason: "missing rule.rule_id" };
  if (!isUuid(rule.rule_id))
    return { ok: false, reason: `rule.rule_id must be a UUID, got ${JSON.stringify(rule.rule_id)}` };
  const level = levelOf(rule.severity, rule.risk_score);
  if (!level.ok) return level;

  const nativeQuery = elasticRuleQuery(rule);
  const { techniques, tactics } = attackFromThreats(rule.threat);
  const record: DetectionRecord = {
    id: rule.rule_id.toLowerCase(),
    title: name,
    status: optionalText(metadata.maturity),
    level: level.value,
    description: optionalText(rule.description),
    logsource: elasticLogsource(textList(rule.index), nativeQuery?.text ?? null, nativeQuery?.language ?? null),
    ruleText: text,
    ruleFormat: "elastic-toml",
    techniques,
    tactics,
    falsePositives: textList(rule.false_positives),
    references: unique(textList(rule.references)),
    triage: investigationSteps(rule.note),
    source: "elastic-import",
    author: textList(rule.author).join(", ") || null,
    license: optionalText(rule.license),
    nativeQuery,
  };
  return { ok: true, records: [record] };
}

/**
 * The level from rule.severity; when a rule has no severity, from rule.risk_score using the
 * bands Kibana's rule editor suggests (21 low, 47 medium, 73 high, 99 critical). The record
 * type has no place for the score itself.
 */
function levelOf(
  severity: unknown,
  riskScore: unknown,
): { ok: true; value: DetectionLevel | null } | { ok: false; reason: string } {
  if (riskScore !== undefined && !(typeof riskScore === "number" && riskScore >= 0 && riskScore <= 100)) {
    return { ok: false, reason: `rule.risk_score must be a number from 0 to 100, got ${JSON.stringify(riskScore)}` };
  }
  if (severity !== undefined) {
    const value = typeof severity === "string" ? severity.trim().toLowerCase() : severity;
    if (!SEVERITIES.includes(value as DetectionLevel)) {
      return {
        ok: false,
        reason: `rule.severity must be one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(severity)}`,
      };
    }
    return { ok: true, value: value as DetectionLevel };
  }
  if (typeof riskScore !== "number") return { ok: true, value: null };
  const value: DetectionLevel =
    riskScore <= 21 ? "low" : riskScore <= 47 ? "medium" : riskScore <= 73 ? "high" : "critical";
  return { ok: true, value };
}

/** Kibana's query language when a rule omits `language`, by rule type. */
function defaultLanguage(type: unknown): string {
  if (type === "eql") return "eql";
  if (type === "esql") return "esql";
  return "kuery";
}

/** ATT&CK techniques (with sub-techniques) and tactic slugs from `[[rule.threat]]` entries. */
function attackFromThreats(threats: unknown): { techniques: string[]; tactics: string[] } {
  const techniques: string[] = [];
  const tactics: string[] = [];
  for (const threat of Array.isArray(threats) ? threats : []) {
    if (!isPlainObject(threat)) continue;
    // Other frameworks can appear in [[rule.threat]]; their IDs are not ATT&CK IDs.
    if (threat.framework !== undefined && threat.framework !== "MITRE ATT&CK") continue;
    if (isPlainObject(threat.tactic)) {
      const slug =
        tacticSlug(optionalText(threat.tactic.name) ?? "") ?? tacticSlug(optionalText(threat.tactic.id) ?? "");
      if (slug) tactics.push(slug);
    }
    for (const technique of Array.isArray(threat.technique) ? threat.technique : []) {
      if (!isPlainObject(technique)) continue;
      const subtechniques: unknown[] = Array.isArray(technique.subtechnique) ? technique.subtechnique : [];
      for (const entry of [technique, ...subtechniques]) {
        const id = isPlainObject(entry) ? optionalText(entry.id) : null;
        if (id && isTechniqueId(id)) techniques.push(id.toUpperCase());
      }
    }
  }
  return { techniques: unique(techniques), tactics: unique(tactics) };
}

/** The list under the note's "Possible investigation steps" heading, one triage step per item. */
function investigationSteps(note: unknown): TriageStep[] {
  const markdown = optionalText(note);
  if (markdown === null) return [];
  const section = markdownSection(markdown, INVESTIGATION_HEADING);
  return section === null ? [] : triageStepsFromMarkdownList(section);
}

/** The first line of a TOML error with its position; the rest is a code excerpt. */
function tomlErrorSummary(error: unknown): string {
  if (!(error instanceof TomlError)) return errorMessage(error);
  const message = error.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
  return `${message} at line ${error.line}, column ${error.column}`;
}
