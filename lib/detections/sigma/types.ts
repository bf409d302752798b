/**
 * The shape of a Sigma file once parsed: rules (with a `detection`) and correlation rules (with a
 * `correlation`), each keeping its raw YAML mapping next to the parts read from it.
 */

/** Every value modifier the Sigma specification defines; anything else is a parse error. */
export const SIGMA_MODIFIERS = [
  "contains",
  "startswith",
  "endswith",
  "all",
  "re",
  "i",
  "m",
  "s",
  "cidr",
  "exists",
  "windash",
  "base64",
  "base64offset",
  "utf16le",
  "utf16be",
  "wide",
  "utf16",
  "cased",
  "expand",
  "fieldref",
  "lt",
  "lte",
  "gt",
  "gte",
] as const;

export type SigmaModifier = (typeof SIGMA_MODIFIERS)[number];

/** A run of literal characters or one wildcard in a plain string value. */
export type SigmaStringPart = { kind: "text"; text: string } | { kind: "wildcard"; wildcard: "*" | "?" };

/**
 * One value of a field condition. Strings keep their text as written (`raw`, which `re` and
 * `cidr` read) and the same text split at its wildcards (`parts`, which plain matching reads).
 */
export type SigmaValue =
  | { kind: "string"; raw: string; parts: SigmaStringPart[] }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" };

/** `Field|mod1|mod2: values`. A list of values is OR, or AND with the `all` modifier. */
export type SigmaFieldCondition = {
  field: string;
  modifiers: SigmaModifier[];
  values: SigmaValue[];
};

/**
 * A named selection: a mapping is the AND of its field conditions, a list of mappings the OR of
 * those (so `alternatives` is OR of AND), and a list of plain values a keyword search.
 */
export type SigmaSelection =
  { kind: "fields"; alternatives: SigmaFieldCondition[][] } | { kind: "keywords"; values: SigmaValue[] };

/** The parsed `condition`. `and` and `or` are n-ary: `a and b and c` is one node. */
export type ConditionNode =
  | { kind: "selection"; name: string }
  | { kind: "and"; operands: ConditionNode[] }
  | { kind: "or"; operands: ConditionNode[] }
  | { kind: "not"; operand: ConditionNode }
  /** `1 of sel_*`, `all of them`: `selections` are the names the pattern matched. */
  | { kind: "quantified"; quantifier: "one" | "all"; pattern: string; selections: string[] };

export type SigmaDetection = {
  selections: ReadonlyMap<string, SigmaSelection>;
  condition: ConditionNode;
  /** The condition as written (several conditions joined with " or "). */
  conditionText: string;
};

export const CORRELATION_TYPES = ["event_count", "value_count", "temporal", "temporal_ordered"] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const COUNT_OPERATORS = ["gt", "gte", "lt", "lte", "eq", "neq"] as const;
export type CountOperator = (typeof COUNT_OPERATORS)[number];

export const TIMESPAN_UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
export type TimespanUnit = keyof typeof TIMESPAN_UNITS;

export type SigmaTimespan = { text: string; amount: number; unit: TimespanUnit; seconds: number };

export type SigmaCorrelation = {
  type: CorrelationType;
  /** Names or ids of the rules whose events are counted. */
  rules: string[];
  groupBy: string[];
  timespan: SigmaTimespan;
  /** Every comparison must hold (`{gt: 10, lte: 100}` is a range); empty for temporal types. */
  condition: { operator: CountOperator; value: number }[];
  /** The field whose distinct values a value_count counts (`condition.field`). */
  valueField: string | null;
  /** `aliases` maps one group-by name onto differently named fields of several rules. */
  hasAliases: boolean;
};

export type SigmaLogSource = { product?: string; category?: string; service?: string };

type SigmaDocumentBase = {
  /** The document's YAML mapping exactly as parsed. */
  raw: Record<string, unknown>;
  /** Position in the file, from 0. */
  index: number;
  title: string | undefined;
  id: string | undefined;
  name: string | undefined;
  status: string | undefined;
  level: string | undefined;
  description: string | undefined;
  tags: string[];
  /** Problems that keep the detection or correlation from being read; a converter refuses the rule. */
  parseErrors: string[];
};

export type SigmaRule = SigmaDocumentBase & {
  kind: "rule";
  logsource: SigmaLogSource;
  /** null when `parseErrors` explain why it could not be read. */
  detection: SigmaDetection | null;
};

export type SigmaCorrelationRule = SigmaDocumentBase & {
  kind: "correlation";
  /** null when `parseErrors` explain why it could not be read. */
  correlation: SigmaCorrelation | null;
};

export type SigmaDocument = SigmaRule | SigmaCorrelationRule;
