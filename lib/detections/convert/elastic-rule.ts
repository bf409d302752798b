import { elasticRuleQuery, readElasticRuleTables } from "@/lib/detections/importers/elastic-rule";
import { isPlainObject, textList } from "@/lib/detections/importers/values";
import type { SigmaCorrelation } from "@/lib/detections/sigma/types";
import type { ConversionTarget, ConvertibleRule } from "./conversion-target";
import { cannotExpress, InvalidElasticRuleError, type ConversionBackend } from "./errors";
import { lookBack, scheduleNote, sigmaField, timespanOf } from "./elastic-settings";
import { convertTarget, type ConversionResult } from "./convert-target";
import { KuerySyntaxError, parseKuery } from "./kuery";
import { convertEqlRule } from "./eql-rule";
import { kqlPipeline } from "./esql-kql";
import { convertEsqlRule } from "./esql-rule";
import { splPipeline } from "./esql-spl";
import { kueryDetection } from "./kuery-detection";

/**
 * Converts a rule of Elastic's detection-rules repository (TOML). The Elastic backend gives the
 * rule's own query. For the others, a kuery rule becomes the detection model Sigma rules are
 * converted from: a query rule a rule, a threshold rule a count correlation, a new_terms rule a
 * new-terms target. EQL, ES|QL, Lucene and the other rule types are refused with the reason.
 */
export function convertElasticRule(ruleText: string, backend: ConversionBackend): ConversionResult {
  const read = readElasticRuleTables(ruleText);
  if (!read.ok) throw new InvalidElasticRuleError(read.reason);
  const { rule } = read.tables;
  const native = elasticRuleQuery(rule);
  if (native === null) throw new InvalidElasticRuleError("the rule has no query");
  const type = typeof rule.type === "string" ? rule.type : "query";

  if (backend === "elastic")
    return { backend, language: native.language, query: native.text, warnings: [], notes: [nativeQueryNote(type)] };

  if (native.language === "eql") return convertEqlRule(rule, native.text, backend);
  if (native.language === "esql")
    return convertEsqlRule(rule, native.text, backend, backend === "sentinel" ? kqlPipeline : splPipeline);
  if (native.language !== "kuery") {
    const language = LANGUAGE_NAMES[native.language] ?? `the ${native.language} language`;
    throw cannotExpress(
      backend,
      native.language,
      `a rule written in ${language}`,
      "only rules in Kibana's query language (kuery) are translated to other SIEMs",
    );
  }
  if (!KUERY_RULE_TYPES.includes(type)) {
    throw cannotExpress(
      backend,
      type,
      `a ${type} rule`,
      "only query, threshold and new_terms rules are translated to other SIEMs",
    );
  }

  const warnings = new Set<string>();
  const notes = new Set<string>();
  let query;
  try {
    query = parseKuery(native.text);
  } catch (error) {
    if (error instanceof KuerySyntaxError)
      throw new InvalidElasticRuleError(`its query does not parse: ${error.message}`);
    throw error;
  }
  const { logSource, detection } = kueryDetection(query, textList(rule.index), backend, warnings);
  const base: ConvertibleRule = { logSource, detection };
  return convertTarget(elasticTarget(type, rule, base, backend, warnings, notes), backend, warnings, notes);
}

const KUERY_RULE_TYPES = ["query", "threshold", "new_terms"];
const LANGUAGE_NAMES: Readonly<Record<string, string>> = { eql: "EQL", esql: "ES|QL", lucene: "Lucene query syntax" };

function nativeQueryNote(type: string): string {
  if (type === "threshold")
    return "The rule's own Elastic query, as its author wrote it; Elastic applies the rule's threshold to its results.";
  if (type === "new_terms")
    return "The rule's own Elastic query, as its author wrote it; Elastic keeps only the values it has not seen in the rule's history window.";
  return "The rule's own Elastic query, as its author wrote it.";
}

function elasticTarget(
  type: string,
  rule: Record<string, unknown>,
  base: ConvertibleRule,
  backend: ConversionBackend,
  warnings: Set<string>,
  notes: Set<string>,
): ConversionTarget {
  if (type === "threshold") return thresholdTarget(rule, base, backend, warnings, notes);
  if (type === "new_terms") return newTermsTarget(rule, base, backend, warnings, notes);
  return { kind: "rule", rule: base };
}

/**
 * A threshold rule counts the query's events per group of `field` values over each run's look-back
 * (`from`), alerting when the count reaches `value`; a `cardinality` counts distinct values of a
 * field instead, and the event count must still reach `value`. The queries count the events of
 * their own look-back as one window, so run on the rule's schedule they count what Elastic counts.
 */
function thresholdTarget(
  rule: Record<string, unknown>,
  base: ConvertibleRule,
  backend: ConversionBackend,
  warnings: Set<string>,
  notes: Set<string>,
): ConversionTarget {
  const threshold = isPlainObject(rule.threshold) ? rule.threshold : null;
  const minimum = typeof threshold?.value === "number" && threshold.value >= 0 ? threshold.value : null;
  if (threshold === null || minimum === null)
    throw new InvalidElasticRuleError("a threshold rule needs a [rule.threshold] table with a value");
  const cardinality = Array.isArray(threshold.cardinality) ? threshold.cardinality.filter(isPlainObject) : [];
  if (cardinality.length > 1)
    throw cannotExpress(
      backend,
      "cardinality",
      "a threshold on the distinct values of several fields",
      "one distinct count per query is converted",
    );
  const window = lookBack(rule, backend);
  const groupBy = textList(threshold.field).map((field) =>
    sigmaField(base.logSource, field, "grouping the threshold by", backend, warnings),
  );
  notes.add(scheduleNote(rule, window, backend, "counts the events of that look-back, as each run of the rule does"));

  const distinct = cardinality[0];
  if (distinct === undefined) {
    const correlation: SigmaCorrelation = {
      type: "event_count",
      rules: [],
      groupBy,
      timespan: window,
      condition: [{ operator: "gte", value: minimum }],
      valueField: null,
      hasAliases: false,
    };
    return {
      kind: "correlation",
      correlation: { ...correlation, type: "event_count" },
      baseRule: base,
      lookBack: true,
    };
  }
  const distinctValue = typeof distinct.value === "number" ? distinct.value : Number.NaN;
  if (typeof distinct.field !== "string" || !Number.isFinite(distinctValue))
    throw new InvalidElasticRuleError("a threshold cardinality needs a field and a value");
  const valueField = sigmaField(base.logSource, distinct.field, "counting the distinct values of", backend, warnings);
  const correlation: SigmaCorrelation = {
    type: "value_count",
    rules: [],
    groupBy,
    timespan: window,
    condition: [{ operator: "gte", value: distinctValue }],
    valueField,
    hasAliases: false,
  };
  // A group with N distinct values holds at least N events, so the event count only adds a condition when it asks for more.
  return {
    kind: "correlation",
    correlation: { ...correlation, type: "value_count" },
    baseRule: base,
    minimumEvents: minimum > distinctValue ? minimum : undefined,
    lookBack: true,
  };
}

/**
 * A new_terms rule alerts on the query's events whose combination of `new_terms_fields` values
 * appears in the run's look-back but not in the history window before it. The queries read the
 * whole history and keep the combinations first seen within the look-back, which is the same when
 * they run once per look-back; the warning says so.
 */
function newTermsTarget(
  rule: Record<string, unknown>,
  base: ConvertibleRule,
  backend: ConversionBackend,
  warnings: Set<string>,
  notes: Set<string>,
): ConversionTarget {
  const settings = isPlainObject(rule.new_terms) ? rule.new_terms : null;
  const elasticFields = textList(settings?.value);
  const historyStart = (Array.isArray(settings?.history_window_start) ? settings.history_window_start : []).find(
    (entry): entry is Record<string, unknown> => isPlainObject(entry) && entry.field === "history_window_start",
  );
  if (
    settings === null ||
    settings.field !== "new_terms_fields" ||
    elasticFields.length === 0 ||
    historyStart === undefined
  ) {
    throw new InvalidElasticRuleError("a new_terms rule needs new_terms_fields and a history_window_start");
  }
  const history = timespanOf(historyStart.value, "history_window_start", backend);
  const window = lookBack(rule, backend);
  const fields = elasticFields.map((field) =>
    sigmaField(base.logSource, field, "looking for new values of", backend, warnings),
  );
  notes.add(
    `New terms: a combination of ${fields.join(", ")} counts as new when it was not seen in the ${history.text} before the rule's look-back. The query reads the last ${history.text} and keeps the combinations first seen in the last ${window.text}, so run it every ${window.text}.`,
  );
  return { kind: "new-terms", rule: base, fields, history, window };
}
