import type { CountOperator, SigmaCorrelation, SigmaDetection, SigmaLogSource } from "@/lib/detections/sigma/types";
import { cannotExpress, type ConversionBackend, type UnsupportedConstructError } from "./errors";

/** A rule whose detection parsed, as the backends receive it. */
export type ConvertibleRule = { logsource: SigmaLogSource; detection: SigmaDetection };

/** What one query is built from: a rule, or a counting correlation over one base rule's events. */
export type ConversionTarget =
  | { kind: "rule"; rule: ConvertibleRule }
  | { kind: "correlation"; correlation: SigmaCorrelation & { type: "event_count" | "value_count" }; baseRule: ConvertibleRule };

export type BackendConverter = {
  /** The query language, as the UI names it. */
  language: string;
  /** The query; caveats that do not change what it matches go into `warnings`. */
  convert(target: ConversionTarget, warnings: Set<string>): string;
};

const COMPARISON_SYMBOLS: Readonly<Record<CountOperator, string>> = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "==", neq: "!=" };

/** The correlation's count condition on `column`, every comparison joined with `and`. */
export function countCondition(column: string, correlation: SigmaCorrelation, and: string): string {
  return correlation.condition.map(({ operator, value }) => `${column} ${COMPARISON_SYMBOLS[operator]} ${value}`).join(` ${and} `);
}

/**
 * Sigma counts events within any window of the timespan; the queries count per fixed window
 * (bin / BUCKET), so a burst that straddles a window boundary is split across two counts.
 */
export const FIXED_WINDOW_WARNING =
  "The correlation timespan is applied as consecutive fixed windows, so events that straddle a window boundary are counted in two windows and may stay below the threshold.";

/** How a correlation uses a field: grouping by it, or counting its distinct values. */
export type CorrelationUse = "group-by" | "value-count";

export function correlationFieldError(backend: ConversionBackend, sigmaField: string, use: CorrelationUse, why: string): UnsupportedConstructError {
  const what = use === "group-by" ? `grouping a correlation by the field '${sigmaField}'` : `counting the distinct values of the field '${sigmaField}'`;
  return cannotExpress(backend, sigmaField, what, why);
}
