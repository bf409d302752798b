import { parseAllDocuments } from "yaml";
import type { FileParseResult } from "@/lib/detections/importers/import-types";
import { attackFromSigmaTags } from "@/lib/detections/importers/attack-mapping";
import { triageStepFromText } from "@/lib/detections/importers/markdown-steps";
import { isPlainObject, isUuid, optionalText, textList, unique } from "@/lib/detections/importers/values";
import {
  DETECTION_LEVELS,
  type DetectionLevel,
  type DetectionRecord,
  type DetectionSource,
} from "@/lib/detections/types";

type SigmaDocument = Record<string, unknown>;
type Checked = { ok: true } | { ok: false; reason: string };

const CORRELATION_TYPES = ["event_count", "value_count", "temporal", "temporal_ordered"];
const COUNTING_TYPES = ["event_count", "value_count"];
const CONDITION_OPERATORS = ["gt", "gte", "lt", "lte", "eq"];
// The specification names s, m, h and d; pySigma also accepts weeks, months and years.
const TIMESPAN = /^\d+[smhdwMy]$/;

/**
 * Reads one Sigma file (one or more YAML documents: rules and correlation rules) into records.
 *
 * A correlation and the rules it builds on are one detection: the record describes the
 * correlation, and the rules it references become records only when it sets `generate: true`,
 * as the specification says they produce no query of their own otherwise. Every record's
 * ruleText is the whole file, exactly as written, because the file is what a SIEM imports.
 * Any invalid document rejects the whole file, since its documents may depend on each other.
 */
export function parseSigmaFile(text: string, source: DetectionSource): FileParseResult {
  const parsed = parseDocuments(text);
  if (!parsed.ok) return parsed;
  if (parsed.documents.length === 0) return { ok: false, reason: "the file holds no Sigma rule" };
  for (const { document, label } of parsed.documents) {
    const checked = checkDocument(document);
    if (!checked.ok) return { ok: false, reason: `${label}${checked.reason}` };
  }
  const documents = parsed.documents.map(({ document }) => document);

  const byReference = new Map<string, SigmaDocument>();
  for (const document of documents) {
    for (const reference of [document.id as string, document.name].filter((value) => typeof value === "string")) {
      // Correlations find their rules by id or name, so each must point at one document.
      if (byReference.has(reference))
        return { ok: false, reason: `two documents in this file use the id or name ${reference}` };
      byReference.set(reference, document);
    }
  }

  const referenced = new Set<SigmaDocument>();
  for (const document of documents) {
    const references = correlationReferences(document);
    const missing = references.filter((reference) => !byReference.has(reference));
    if (missing.length > 0)
      return { ok: false, reason: `correlation references rules not in this file: ${missing.join(", ")}` };
    // The specification puts `generate` beside `correlation`; some authors nest it inside.
    const generatesBaseRules =
      document.generate === true || (document.correlation as Record<string, unknown> | undefined)?.generate === true;
    if (!generatesBaseRules) for (const reference of references) referenced.add(byReference.get(reference)!);
  }

  const records = documents
    .filter((document) => !referenced.has(document))
    .map((document) => toRecord(document, closureOf(document, byReference), text, source));
  if (records.length === 0)
    return {
      ok: false,
      reason: "every rule in this file is referenced by a correlation, so the correlations form a cycle",
    };
  return { ok: true, records };
}

type LabelledDocument = { document: SigmaDocument; label: string };

function parseDocuments(text: string): { ok: true; documents: LabelledDocument[] } | { ok: false; reason: string } {
  const parsedDocuments = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(parsedDocuments) ? parsedDocuments : [];
  const documents: LabelledDocument[] = [];
  for (const [index, parsedDocument] of list.entries()) {
    if (parsedDocument.errors.length > 0) {
      return { ok: false, reason: `not valid YAML: ${firstLine(parsedDocument.errors[0].message)}` };
    }
    const value: unknown = parsedDocument.toJS({ maxAliasCount: 100 });
    // An empty document (a trailing "---") is not a rule and not an error.
    if (value === null || value === undefined) continue;
    const label = documentLabel(index, list.length);
    if (!isPlainObject(value)) return { ok: false, reason: `${label}a Sigma rule must be a YAML mapping` };
    documents.push({ document: value, label });
  }
  return { ok: true, documents };
}

function checkDocument(document: SigmaDocument): Checked {
  if (optionalText(document.title) === null) return { ok: false, reason: "missing title" };
  if (document.id === undefined) return { ok: false, reason: "missing id" };
  if (!isUuid(document.id)) return { ok: false, reason: `id must be a UUID, got ${JSON.stringify(document.id)}` };
  if (document.level !== undefined && !(DETECTION_LEVELS as readonly unknown[]).includes(document.level)) {
    return {
      ok: false,
      reason: `level must be one of ${DETECTION_LEVELS.join(", ")}, got ${JSON.stringify(document.level)}`,
    };
  }
  if (document.name !== undefined && optionalText(document.name) === null)
    return { ok: false, reason: "name must be a non-empty string" };
  if (
    document.triage !== undefined &&
    !(Array.isArray(document.triage) && document.triage.every((step) => typeof step === "string"))
  ) {
    return { ok: false, reason: "triage must be a list of strings" };
  }
  if (document.action !== undefined)
    return { ok: false, reason: "Sigma v1 rule collections (action: global/reset/repeat) are not supported" };
  if (document.correlation !== undefined) return checkCorrelation(document.correlation);
  if (document.filter !== undefined && document.detection === undefined)
    return { ok: false, reason: "a Sigma filter is not a detection rule" };
  return checkRule(document);
}

function checkRule(document: SigmaDocument): Checked {
  if (document.detection === undefined) return { ok: false, reason: "missing detection (or correlation)" };
  if (document.logsource === undefined) return { ok: false, reason: "missing logsource" };
  const logsource = document.logsource;
  if (
    !isPlainObject(logsource) ||
    !["product", "service", "category"].some((key) => optionalText(logsource[key]) !== null)
  ) {
    return { ok: false, reason: "logsource must name a product, service or category" };
  }
  const detection = document.detection;
  if (!isPlainObject(detection)) return { ok: false, reason: "detection must be a mapping" };
  const condition = detection.condition;
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0 || !conditions.every((item) => optionalText(item) !== null)) {
    return { ok: false, reason: "detection must have a condition" };
  }
  return { ok: true };
}

function checkCorrelation(correlation: unknown): Checked {
  if (!isPlainObject(correlation)) return { ok: false, reason: "correlation must be a mapping" };
  if (!CORRELATION_TYPES.includes(correlation.type as string)) {
    return { ok: false, reason: `correlation type must be one of ${CORRELATION_TYPES.join(", ")}` };
  }
  const rules = correlation.rules;
  if (!Array.isArray(rules) || rules.length === 0 || !rules.every((rule) => optionalText(rule) !== null)) {
    return { ok: false, reason: "correlation rules must be a non-empty list of rule names or ids" };
  }
  if (typeof correlation.timespan !== "string" || !TIMESPAN.test(correlation.timespan)) {
    return { ok: false, reason: "correlation timespan must be a number and a unit, such as 1h" };
  }
  const groupBy = correlation["group-by"];
  if (groupBy !== undefined && !(Array.isArray(groupBy) && groupBy.every((field) => optionalText(field) !== null))) {
    return { ok: false, reason: "correlation group-by must be a list of field names" };
  }
  if (COUNTING_TYPES.includes(correlation.type as string)) {
    const condition = correlation.condition;
    if (!isPlainObject(condition) || !CONDITION_OPERATORS.some((operator) => Number.isInteger(condition[operator]))) {
      return { ok: false, reason: `a ${String(correlation.type)} correlation needs a condition such as gte: 10` };
    }
    if (correlation.type === "value_count" && textList(condition.field).length === 0) {
      return { ok: false, reason: "a value_count correlation needs the field it counts in its condition" };
    }
  }
  return { ok: true };
}

function correlationReferences(document: SigmaDocument): string[] {
  const correlation = document.correlation;
  return isPlainObject(correlation) ? textList(correlation.rules) : [];
}

/** The document and every document it builds on, directly or through chained correlations. */
function closureOf(root: SigmaDocument, byReference: Map<string, SigmaDocument>): SigmaDocument[] {
  const seen = new Set<SigmaDocument>();
  const visit = (document: SigmaDocument) => {
    if (seen.has(document)) return;
    seen.add(document);
    for (const reference of correlationReferences(document)) visit(byReference.get(reference)!);
  };
  visit(root);
  return [...seen];
}

function toRecord(
  root: SigmaDocument,
  closure: SigmaDocument[],
  text: string,
  source: DetectionSource,
): DetectionRecord {
  const { techniques, tactics } = attackFromSigmaTags(closure.flatMap((document) => textList(document.tags)));
  // A correlation has no log source of its own; it reads the log source of the rules it counts.
  const logsource =
    closure.map((document) => readLogsource(document.logsource)).find((value) => value !== null) ?? null;
  return {
    id: (root.id as string).toLowerCase(),
    title: (root.title as string).trim(),
    status: optionalText(root.status),
    level: (root.level as DetectionLevel | undefined) ?? null,
    description: optionalText(root.description),
    logsource,
    ruleText: text,
    ruleFormat: "sigma",
    techniques,
    tactics,
    falsePositives: textList(root.falsepositives),
    references: unique(textList(root.references)),
    triage: textList(root.triage).map(triageStepFromText),
    source,
    author: optionalText(root.author),
    license: optionalText(root.license),
    nativeQuery: null,
  };
}

function readLogsource(value: unknown): DetectionRecord["logsource"] {
  if (!isPlainObject(value)) return null;
  const logsource: NonNullable<DetectionRecord["logsource"]> = {};
  for (const key of ["product", "service", "category"] as const) {
    const text = optionalText(value[key]);
    if (text !== null) logsource[key] = text;
  }
  return Object.keys(logsource).length > 0 ? logsource : null;
}

/** Names the document in a reason when the file holds several. */
function documentLabel(index: number, count: number): string {
  return count > 1 ? `document ${index + 1}: ` : "";
}

/** The first line of a YAML error, which carries its position; the rest is a code excerpt. */
function firstLine(message: string): string {
  return message.split("\n")[0].trim().replace(/:$/, "");
}
