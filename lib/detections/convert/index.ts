import { parseSigmaDocuments, SigmaParseError } from "@/lib/detections/sigma/parse-yaml";
import type { SigmaCorrelationRule, SigmaDocument, SigmaRule } from "@/lib/detections/sigma/types";
import { FIXED_WINDOW_WARNING, type ConversionTarget, type ConvertibleRule } from "./conversion-target";
import { convertTarget, type ConversionResult } from "./convert-target";
import { cannotExpress, InvalidSigmaRuleError, type ConversionBackend } from "./errors";
import { resolveLogSource } from "./field-maps";

export { type ConversionResult } from "./convert-target";
export { convertElasticRule } from "./elastic-rule";
export {
  CONVERSION_BACKENDS,
  InvalidElasticRuleError,
  InvalidSigmaRuleError,
  UnsupportedConstructError,
  type ConversionBackend,
} from "./errors";

/**
 * Converts a Sigma file to one query for `backend`. A file holding a correlation rule converts to
 * the correlation, counting the events of the rule it references (by name or id, in the same
 * file); a file holding one rule converts to that rule.
 *
 * Throws UnsupportedConstructError, naming the construct, for anything the backend cannot express
 * faithfully, and its subclass InvalidSigmaRuleError when the file is not a valid Sigma rule.
 */
export function convertSigma(ruleText: string, backend: ConversionBackend): ConversionResult {
  const warnings = new Set<string>();
  return convertTarget(conversionTarget(readDocuments(ruleText), backend, warnings), backend, warnings);
}

function readDocuments(ruleText: string): SigmaDocument[] {
  try {
    return parseSigmaDocuments(ruleText);
  } catch (error) {
    if (error instanceof SigmaParseError) throw new InvalidSigmaRuleError([error.message]);
    throw error;
  }
}

function conversionTarget(
  documents: SigmaDocument[],
  backend: ConversionBackend,
  warnings: Set<string>,
): ConversionTarget {
  const correlations = documents.filter(
    (document): document is SigmaCorrelationRule => document.kind === "correlation",
  );
  const rules = documents.filter((document): document is SigmaRule => document.kind === "rule");
  if (correlations.length > 1)
    throw cannotExpress(
      backend,
      "several correlations",
      "a file with several correlation rules",
      "convert each correlation from a file of its own",
    );
  if (correlations.length === 1) return correlationTarget(correlations[0], documents, backend, warnings);
  if (rules.length === 0) throw new InvalidSigmaRuleError(["the file holds no Sigma rule"]);
  if (rules.length > 1)
    throw cannotExpress(
      backend,
      "several rules",
      "a file with several rules and no correlation",
      "each rule is a query of its own",
    );
  return { kind: "rule", rule: convertible(rules[0], backend) };
}

function correlationTarget(
  document: SigmaCorrelationRule,
  documents: SigmaDocument[],
  backend: ConversionBackend,
  warnings: Set<string>,
): ConversionTarget {
  const correlation = document.correlation;
  if (correlation === null) throw new InvalidSigmaRuleError(document.parseErrors);
  if (correlation.type !== "event_count" && correlation.type !== "value_count") {
    throw cannotExpress(
      backend,
      correlation.type,
      `a ${correlation.type} correlation`,
      "only event_count and value_count correlations are converted",
    );
  }
  if (correlation.hasAliases)
    throw cannotExpress(
      backend,
      "aliases",
      "correlation 'aliases'",
      "only a correlation over a single rule is converted",
    );
  if (correlation.rules.length !== 1) {
    throw cannotExpress(
      backend,
      "several correlated rules",
      "a correlation over several rules",
      "only a correlation over a single rule is converted",
    );
  }
  const reference = correlation.rules[0];
  const base = documents.find(
    (candidate) => candidate !== document && (candidate.name === reference || candidate.id === reference),
  );
  if (base === undefined)
    throw new InvalidSigmaRuleError([`the correlation references '${reference}', which is not a rule in this file`]);
  if (base.kind === "correlation")
    throw cannotExpress(backend, "chained correlations", "a correlation of another correlation");
  warnings.add(FIXED_WINDOW_WARNING);
  return {
    kind: "correlation",
    correlation: { ...correlation, type: correlation.type },
    baseRule: convertible(base, backend),
  };
}

function convertible(rule: SigmaRule, backend: ConversionBackend): ConvertibleRule {
  if (rule.detection === null) throw new InvalidSigmaRuleError(rule.parseErrors);
  return { logSource: resolveLogSource(rule.logsource, backend), detection: rule.detection };
}
