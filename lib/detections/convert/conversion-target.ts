import type { CountOperator, SigmaCorrelation, SigmaDetection, SigmaTimespan } from "@/lib/detections/sigma/types";
import { cannotExpress, type ConversionBackend, type UnsupportedConstructError } from "./errors";
import type { LogSourceId } from "./field-maps";

/** A rule whose detection parsed and whose log source is mapped, as the backends receive it. */
export type ConvertibleRule = { logSource: LogSourceId; detection: SigmaDetection };

/**
 * What one query is built from: a rule; a counting correlation over one base rule's events
 * (`minimumEvents`: a value_count group must also hold that many events, as an Elastic threshold
 * with a cardinality asks; `lookBack`: the events of the last timespan are counted as one window,
 * as an Elastic threshold rule counts each run's look-back, instead of consecutive fixed windows);
 * or new terms, the rule's events whose combination of `fields` was first seen within `window`,
 * judged against the `history` before it.
 */
export type ConversionTarget =
  | { kind: "rule"; rule: ConvertibleRule }
  | {
      kind: "correlation";
      correlation: SigmaCorrelation & { type: "event_count" | "value_count" };
      baseRule: ConvertibleRule;
      minimumEvents?: number;
      lookBack?: true;
    }
  | { kind: "new-terms"; rule: ConvertibleRule; fields: string[]; history: SigmaTimespan; window: SigmaTimespan };

/** The rule whose events a target reads. */
export function ruleOf(target: ConversionTarget): ConvertibleRule {
  return target.kind === "correlation" ? target.baseRule : target.rule;
}

export type BackendConverter = {
  /** The query language, as the UI names it. */
  language: string;
  /**
   * The query. What makes it match differently from the rule goes into `warnings`; caveats that
   * leave the meaning whole (the schedule it needs, estimates) into `notes`.
   */
  convert(target: ConversionTarget, warnings: Set<string>, notes: Set<string>): string;
};

export const COMPARISON_SYMBOLS: Readonly<Record<CountOperator, string>> = {
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  eq: "==",
  neq: "!=",
};

/** The correlation's count condition on `column`, every comparison joined with `and`. */
export function countCondition(column: string, correlation: SigmaCorrelation, and: string): string {
  return correlation.condition
    .map(({ operator, value }) => `${column} ${COMPARISON_SYMBOLS[operator]} ${value}`)
    .join(` ${and} `);
}

/**
 * Sigma counts events within any window of the timespan; the queries count per fixed window
 * (bin / BUCKET), so a burst that straddles a window boundary is split across two counts.
 */
export const FIXED_WINDOW_WARNING =
  "The correlation timespan is applied as consecutive fixed windows, so events that straddle a window boundary are counted in two windows and may stay below the threshold.";

/** Both SIEMs estimate distinct counts, as Elastic does: not a change of meaning, but said. */
export const DISTINCT_COUNT_NOTE =
  "Distinct counts are estimates (dcount() in Sentinel, COUNT_DISTINCT in Elastic); small counts such as thresholds are exact or within a fraction of a per cent.";

/**
 * How a query reads a field as one value: grouping by it, counting its distinct values, looking
 * for new ones, joining the steps of a sequence on it, or computing with it in a pipeline.
 */
export type CorrelationUse = "group-by" | "value-count" | "new-terms" | "sequence-key" | "expression";

const USE_DESCRIPTIONS: Readonly<Record<CorrelationUse, (field: string) => string>> = {
  "group-by": (field) => `grouping a correlation by the field '${field}'`,
  "value-count": (field) => `counting the distinct values of the field '${field}'`,
  "new-terms": (field) => `looking for new values of the field '${field}'`,
  "sequence-key": (field) => `joining the steps of a sequence on the field '${field}'`,
  expression: (field) => `computing with the field '${field}' as one value`,
};

export function correlationFieldError(
  backend: ConversionBackend,
  sigmaField: string,
  use: CorrelationUse,
  why: string,
): UnsupportedConstructError {
  return cannotExpress(backend, sigmaField, USE_DESCRIPTIONS[use](sigmaField), why);
}
