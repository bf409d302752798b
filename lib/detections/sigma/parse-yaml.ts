import { parseAllDocuments, type Document } from "yaml";
import { parseCorrelation } from "./parse-correlation";
import { parseDetection } from "./parse-detection";
import type { SigmaDocument, SigmaLogSource } from "./types";
import { isMapping, optionalString, stringList } from "./yaml-values";
import { errorMessage } from "@/lib/log/error-message";

/** A file that is not YAML, or a document that is not a mapping: there is nothing to validate. */
export class SigmaParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigmaParseError";
  }
}

/** Bounds alias expansion so a hostile file cannot blow up into gigabytes ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses a Sigma file: one or more YAML documents, each a rule (it has `detection`) or a
 * correlation rule (it has `correlation`). Empty documents (a trailing `---`) are skipped.
 *
 * Throws SigmaParseError only when the text is not YAML or a document is not a mapping. Problems
 * inside a rule's detection or correlation do not throw: they are listed in the document's
 * `parseErrors` (and its `detection` / `correlation` is null), so `validateSigmaRule` can report
 * them next to metadata problems and a converter can refuse the rule.
 */
export function parseSigmaDocuments(text: string): SigmaDocument[] {
  const parsed = parseAllDocuments(text, { prettyErrors: true });
  // An empty input yields an EmptyStream rather than an array.
  const yamlDocuments = Array.isArray(parsed) ? parsed : [];
  const documents: SigmaDocument[] = [];
  for (const [index, yamlDocument] of yamlDocuments.entries()) {
    const label = yamlDocuments.length > 1 ? `document ${index + 1}: ` : "";
    if (yamlDocument.errors.length > 0)
      throw new SigmaParseError(`${label}not valid YAML: ${yamlDocument.errors[0].message.split("\n")[0]}`);
    const raw = toPlainValue(yamlDocument, label);
    if (raw === null || raw === undefined) continue;
    if (!isMapping(raw)) throw new SigmaParseError(`${label}a Sigma rule must be a YAML mapping`);
    documents.push(readDocument(raw, index));
  }
  return documents;
}

function toPlainValue(yamlDocument: Document.Parsed, label: string): unknown {
  try {
    return yamlDocument.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new SigmaParseError(`${label}cannot be read: ${errorMessage(error)}`);
  }
}

function readDocument(raw: Record<string, unknown>, index: number): SigmaDocument {
  const base = {
    raw,
    index,
    title: optionalString(raw.title),
    id: optionalString(raw.id),
    name: optionalString(raw.name),
    status: optionalString(raw.status),
    level: optionalString(raw.level),
    description: optionalString(raw.description),
    tags: stringList(raw.tags),
  };
  if (raw.correlation !== undefined) {
    const { value, errors } = parseCorrelation(raw.correlation);
    return { ...base, kind: "correlation", correlation: value, parseErrors: errors };
  }
  const { value, errors } = parseDetection(raw.detection);
  return { ...base, kind: "rule", logsource: readLogSource(raw.logsource), detection: value, parseErrors: errors };
}

function readLogSource(raw: unknown): SigmaLogSource {
  if (!isMapping(raw)) return {};
  const logsource: SigmaLogSource = {};
  for (const key of ["product", "category", "service"] as const) {
    const value = optionalString(raw[key]);
    if (value !== undefined) logsource[key] = value;
  }
  return logsource;
}
