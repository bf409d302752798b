import type { SigmaStringPart } from "@/lib/detections/sigma/types";
import type { CorrelationUse } from "./conversion-target";

/**
 * How an ES|QL pipeline (./esql-rule) is written in one SIEM's query language. The pipeline
 * settles ES|QL's meaning — which names are columns, what null does to a condition, which
 * readings a field has — and asks the dialect only for syntax.
 */

export type ValueType = "string" | "number" | "bool" | "datetime" | "span" | "list";

/** A value in the target language: its text, its type, whether it can be missing, and its column name when it is a plain column. */
export type Operand = { text: string; type: ValueType; nullable: boolean; column?: string };

export type CompareOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type Aggregation = {
  /** The output column. */
  name: string;
  function: "count" | "count_distinct" | "values" | "min" | "max" | "sum" | "avg";
  /** null: COUNT(*). */
  argument: Operand | null;
};

export type Grouping = { name: string; value: Operand };

/** One element of a list the pipeline expands into rows (MV_EXPAND). */
export type Expansion = { commands: string[]; value: Operand };

export interface EsqlDialect {
  readonly language: "KQL" | "SPL";

  /** A field of the log source (a Sigma field) as one value; its caveats go into `warnings`. */
  source(sigmaField: string, use: CorrelationUse, warnings: Set<string>): Operand;
  /** The values of a list field of the log source, one row each, as the column `name`. */
  expand(sigmaField: string, name: string, warnings: Set<string>): Expansion;
  /** The event time. */
  time(): Operand;
  /** A column the pipeline made. */
  column(name: string, type: ValueType, nullable: boolean): Operand;
  literal(value: string | number | boolean): Operand;
  /** A time span of `seconds`, as date arithmetic in this language takes it. */
  span(seconds: number): Operand;
  now(): Operand;

  /** The value is not missing. */
  present(value: Operand): string;
  /** A comparison of two values that are both present. */
  compare(left: Operand, operator: CompareOperator, right: Operand): string;
  inList(value: Operand, list: Operand[]): string;
  /** The whole value matches the pattern, case-sensitively (`*` and `?` wildcards). */
  like(value: Operand, parts: SigmaStringPart[]): string;
  /** The value matches the pattern, a regular expression anchored at both ends (standard syntax). */
  regex(value: Operand, pattern: string): string;
  cidr(value: Operand, range: string): string;
  and(conditions: string[]): string;
  or(conditions: string[]): string;
  not(condition: string): string;

  /** A function of values; refuses, naming it, one it has no equal for. */
  call(name: string, args: Operand[]): Operand;
  /** The first value whose condition holds, else `otherwise` (null: a missing value). */
  choose(branches: { when: string; then: Operand }[], otherwise: Operand | null): Operand;
  arithmetic(operator: "+" | "-" | "*" | "/" | "%", left: Operand, right: Operand): Operand;
  /** The time rounded down to a multiple of `seconds` since the epoch, as ES|QL's DATE_TRUNC. */
  dateTrunc(seconds: number, value: Operand): Operand;
  /** Whole `seconds`-long units from `start` to `end`, rounded toward zero, as ES|QL's DATE_DIFF. */
  dateDiff(seconds: number, start: Operand, end: Operand): Operand;
  /** Every match of a regular expression (standard syntax) replaced. */
  replace(value: Operand, pattern: string, replacement: string): Operand;

  where(condition: string): string[];
  evaluate(assignments: { name: string; value: Operand }[]): string[];
  aggregate(aggregations: Aggregation[], groups: Grouping[]): string[];
  keep(names: string[]): string[];
  drop(names: string[]): string[];
  sort(keys: { value: Operand; descending: boolean }[]): string[];
  limit(count: number): string[];
  /** DISSECT: text delimiters and the columns between them (null: skipped), from the input's start. */
  dissect(input: Operand, parts: ({ delimiter: string } | { column: string | null })[]): string[];
}

/** A column name the target languages all accept: letters, digits and underscores. */
export function columnName(esqlName: string, taken: ReadonlySet<string>): string {
  const base = esqlName.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "column";
  const safe = /^\d/.test(base) ? `c_${base}` : base;
  let name = safe;
  for (let index = 2; taken.has(name); index++) name = `${safe}_${index}`;
  return name;
}
