import type {
  ConditionNode,
  SigmaDetection,
  SigmaFieldCondition,
  SigmaModifier,
  SigmaSelection,
  SigmaStringPart,
  SigmaValue,
} from "@/lib/detections/sigma/types";
import { cannotExpress, type ConversionBackend } from "./errors";
import { parseSigmaRegex, type SigmaRegex } from "./regex";

/**
 * The shared walker: turns a parsed detection into one boolean expression over backend fields,
 * which each backend then only has to print. Sigma's own semantics are settled here — value lists,
 * `all`, wildcards and the contains/startswith/endswith modifiers, `null` and `exists` — so the
 * three backends cannot drift apart on them.
 *
 * String tests (`equals`, `one-of`, `text`, `wildcard`) are case-insensitive, as Sigma's are,
 * unless `cased` (Sigma's `cased` modifier, and Elastic's keyword comparisons, which are exact);
 * `regex` carries its own flags (case-sensitive unless `i`).
 */

/** What one leaf checks about one field's value. */
export type FieldTest =
  | { kind: "equals"; value: string | number | boolean; cased?: true }
  /** Equal to any of the values (a value list without wildcards). */
  | { kind: "one-of"; values: (string | number)[]; cased?: true }
  /** Contains, starts with or ends with `text`, which holds no wildcard. */
  | { kind: "text"; position: "contains" | "startswith" | "endswith"; text: string; cased?: true }
  /** A pattern with wildcards that is not one of the `text` shapes. */
  | { kind: "wildcard"; parts: SigmaStringPart[]; cased?: true }
  | { kind: "regex"; regex: SigmaRegex }
  | { kind: "cidr"; range: string; version: 4 | 6 }
  /** The field's value, read as a number, compared with `value`. */
  | { kind: "compare"; operator: "gt" | "gte" | "lt" | "lte"; value: number }
  /** The field has a value. */
  | { kind: "present" }
  /** The field has no value (missing or null). */
  | { kind: "absent" };

export type FilterLeaf<Field> = FieldTest & { field: Field };

export type FilterExpression<Field> =
  | FilterLeaf<Field>
  | { kind: "and"; operands: FilterExpression<Field>[] }
  | { kind: "or"; operands: FilterExpression<Field>[] }
  | { kind: "not"; operand: FilterExpression<Field> };

export type FilterContext<Field> = {
  backend: ConversionBackend;
  /**
   * The backend fields a Sigma field name stands for; several mean the Sigma field is the
   * combination of them (a test holds if it holds for any). Throws for an unmapped field.
   */
  resolveField: (sigmaField: string) => readonly Field[];
  /**
   * The backend's search of a whole event for text it contains, for Sigma keywords; absent where
   * the backend has none, and keywords are refused.
   */
  keywordField?: Field;
  /**
   * Sigma fields this backend leaves out of a rule (the source's records have no field for them
   * there), each with the meaning warning it adds to `warnings`. A condition is left out only from
   * a selection the rule's condition does not negate and that keeps another condition, so the
   * query can only match more than the rule, never less.
   */
  leaveOut?: { warningFor: (sigmaField: string) => string | undefined; warnings: Set<string> };
};

/** Modifiers no backend here expresses: encodings (windash, base64…), placeholders (expand), field references. */
const UNSUPPORTED_MODIFIERS: readonly SigmaModifier[] = [
  "windash",
  "base64",
  "base64offset",
  "utf16le",
  "utf16be",
  "wide",
  "utf16",
  "expand",
  "fieldref",
];

const COMPARISON_MODIFIERS = ["gt", "gte", "lt", "lte"] as const;

export function buildFilterExpression<Field>(
  detection: SigmaDetection,
  context: FilterContext<Field>,
): FilterExpression<Field> {
  const fromCondition = (node: ConditionNode, negated: boolean): FilterExpression<Field> => {
    switch (node.kind) {
      case "selection":
        return fromSelection(detection.selections.get(node.name)!, context, negated);
      case "and":
      case "or":
        return combine(
          node.kind,
          node.operands.map((operand) => fromCondition(operand, negated)),
        );
      case "not":
        return { kind: "not", operand: fromCondition(node.operand, !negated) };
      case "quantified":
        return combine(
          node.quantifier === "one" ? "or" : "and",
          node.selections.map((name) => fromSelection(detection.selections.get(name)!, context, negated)),
        );
    }
  };
  return fromCondition(detection.condition, false);
}

/** An AND or OR of the operands, flattening nested nodes of the same kind. */
export function combine<Field>(kind: "and" | "or", operands: FilterExpression<Field>[]): FilterExpression<Field> {
  const flat = operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
  return flat.length === 1 ? flat[0] : { kind, operands: flat };
}

function fromSelection<Field>(
  selection: SigmaSelection,
  context: FilterContext<Field>,
  negated: boolean,
): FilterExpression<Field> {
  if (selection.kind === "keywords") {
    const field = context.keywordField;
    if (field === undefined)
      throw cannotExpress(
        context.backend,
        "keywords",
        "a keyword search (a selection of plain values with no field)",
        "searching every field of a structured Azure log record for a value has no faithful equivalent",
      );
    // A keyword is text the event holds anywhere, without regard to case.
    return combine(
      "or",
      selection.values.map((value): FilterExpression<Field> => {
        const test = valueTest(value, "contains");
        if (test.kind !== "text")
          throw cannotExpress(
            context.backend,
            "keywords",
            `the keyword ${JSON.stringify(rawText(value))}`,
            "only keywords of plain text are searched for",
          );
        return { ...test, field };
      }),
    );
  }
  return combine(
    "or",
    selection.alternatives.map((conditions) =>
      combine(
        "and",
        keptConditions(conditions, context, negated).map((condition) => fromFieldCondition(condition, context)),
      ),
    ),
  );
}

/** The conditions of one alternative of a selection, without those the backend leaves out (see FilterContext). */
function keptConditions<Field>(
  conditions: readonly SigmaFieldCondition[],
  context: FilterContext<Field>,
  negated: boolean,
): readonly SigmaFieldCondition[] {
  const leaveOut = context.leaveOut;
  if (leaveOut === undefined) return conditions;
  const warnings = conditions.map((condition) => leaveOut.warningFor(condition.field));
  const left = conditions.filter((_, index) => warnings[index] !== undefined);
  if (left.length === 0) return conditions;
  const field = left[0].field;
  if (negated)
    throw cannotExpress(
      context.backend,
      field,
      `the field '${field}' in a selection the condition negates`,
      "it can only be left out where that makes the query match more, not less",
    );
  if (left.length === conditions.length)
    throw cannotExpress(
      context.backend,
      field,
      `a selection of only '${field}'`,
      "this SIEM has no field for it, and leaving it out would leave the selection empty",
    );
  for (const warning of warnings) if (warning !== undefined) leaveOut.warnings.add(warning);
  return conditions.filter((_, index) => warnings[index] === undefined);
}

function fromFieldCondition<Field>(
  condition: SigmaFieldCondition,
  context: FilterContext<Field>,
): FilterExpression<Field> {
  const unsupported = condition.modifiers.find((modifier) => UNSUPPORTED_MODIFIERS.includes(modifier));
  if (unsupported) throw cannotExpress(context.backend, unsupported, `the '${unsupported}' modifier`);

  const fields = context.resolveField(condition.field);
  const onFields = testsOf(condition, context.backend).map((test) => onEveryField(test, fields));
  return combine(condition.modifiers.includes("all") ? "and" : "or", onFields);
}

/** One test per value, with exact values of a plain list merged into a single `one-of`. */
function testsOf(condition: SigmaFieldCondition, backend: ConversionBackend): FieldTest[] {
  const has = (modifier: SigmaModifier) => condition.modifiers.includes(modifier);
  if (has("exists")) {
    const exists = condition.values[0].kind === "boolean" && condition.values[0].value;
    return [{ kind: exists ? "present" : "absent" }];
  }
  if (has("re")) {
    const flags = { caseInsensitive: has("i"), multiline: has("m"), dotAll: has("s") };
    return condition.values.map((value) => ({ kind: "regex", regex: parseSigmaRegex(rawText(value), flags, backend) }));
  }
  const comparison = COMPARISON_MODIFIERS.find(has);
  if (comparison) {
    return condition.values.map((value) => {
      const number =
        value.kind === "number"
          ? value.value
          : value.kind === "string" && value.raw.trim() !== ""
            ? Number(value.raw)
            : Number.NaN;
      if (!Number.isFinite(number))
        throw cannotExpress(
          backend,
          comparison,
          `the '${comparison}' modifier with the value ${JSON.stringify(rawText(value))}`,
          "it compares numbers",
        );
      return { kind: "compare", operator: comparison, value: number };
    });
  }
  if (has("cidr")) {
    return condition.values.map((value) => {
      const range = rawText(value);
      return { kind: "cidr", range, version: range.includes(":") ? 6 : 4 };
    });
  }
  const position = has("contains")
    ? "contains"
    : has("startswith")
      ? "startswith"
      : has("endswith")
        ? "endswith"
        : null;
  const tests = condition.values.map((value) => valueTest(value, position));
  const cased = has("cased") ? tests.map(casedTest) : tests;
  return has("all") ? cased : mergeExactValues(cased);
}

/** The test compared case-sensitively, where it compares text at all. */
function casedTest(test: FieldTest): FieldTest {
  if (test.kind === "equals" && typeof test.value === "string") return { ...test, cased: true };
  if (test.kind === "text" || test.kind === "wildcard") return { ...test, cased: true };
  return test;
}

function valueTest(value: SigmaValue, position: "contains" | "startswith" | "endswith" | null): FieldTest {
  if (value.kind === "null") return { kind: "absent" };
  if (value.kind !== "string" && position === null) return { kind: "equals", value: value.value };
  const parts: SigmaStringPart[] =
    value.kind === "string" ? value.parts : [{ kind: "text", text: String(value.value) }];
  const anyRun: SigmaStringPart = { kind: "wildcard", wildcard: "*" };
  const positioned =
    position === "contains"
      ? [anyRun, ...parts, anyRun]
      : position === "startswith"
        ? [...parts, anyRun]
        : position === "endswith"
          ? [anyRun, ...parts]
          : parts;
  return classifyPattern(collapseStars(positioned));
}

/** `a**b` matches what `a*b` matches; collapsing first lets `**` shapes classify as contains. */
function collapseStars(parts: SigmaStringPart[]): SigmaStringPart[] {
  return parts.filter((part, index) => !(isStar(part) && isStar(parts[index - 1])));
}

function classifyPattern(parts: SigmaStringPart[]): FieldTest {
  const wildcards = parts.filter((part) => part.kind === "wildcard");
  if (wildcards.length === 0)
    return { kind: "equals", value: parts.map((part) => (part.kind === "text" ? part.text : "")).join("") };
  // A lone `*` matches any value at all, which is the same as the field having one.
  if (parts.length === 1 && isStar(parts[0])) return { kind: "present" };
  const [first, second, third] = parts;
  if (parts.length === 2 && isStar(first) && second.kind === "text")
    return { kind: "text", position: "endswith", text: second.text };
  if (parts.length === 2 && first.kind === "text" && isStar(second))
    return { kind: "text", position: "startswith", text: first.text };
  if (parts.length === 3 && isStar(first) && second.kind === "text" && isStar(third))
    return { kind: "text", position: "contains", text: second.text };
  return { kind: "wildcard", parts };
}

function isStar(part: SigmaStringPart | undefined): boolean {
  return part?.kind === "wildcard" && part.wildcard === "*";
}

function mergeExactValues(tests: FieldTest[]): FieldTest[] {
  const exact = tests.filter(
    (test): test is { kind: "equals"; value: string | number; cased?: true } =>
      test.kind === "equals" && typeof test.value !== "boolean",
  );
  if (exact.length < 2) return tests;
  const rest = tests.filter((test) => !exact.includes(test as (typeof exact)[number]));
  const values = exact.map((test) => test.value);
  return [
    exact.some((test) => test.cased) ? { kind: "one-of", values, cased: true } : { kind: "one-of", values },
    ...rest,
  ];
}

/**
 * The test applied to a Sigma field that stands for several backend fields: it holds if it holds
 * for any of them, except "has no value", which must hold for all of them.
 */
function onEveryField<Field>(test: FieldTest, fields: readonly Field[]): FilterExpression<Field> {
  const leaves = fields.map((field): FilterLeaf<Field> => ({ ...test, field }));
  return combine(test.kind === "absent" ? "and" : "or", leaves);
}

function rawText(value: SigmaValue): string {
  return value.kind === "string" ? value.raw : String(value.kind === "null" ? "" : value.value);
}

/** Whether an expression holds any leaf that matches `predicate`. */
export function someLeaf<Field>(
  expression: FilterExpression<Field>,
  predicate: (leaf: FilterLeaf<Field>) => boolean,
): boolean {
  if (expression.kind === "and" || expression.kind === "or")
    return expression.operands.some((operand) => someLeaf(operand, predicate));
  if (expression.kind === "not") return someLeaf(expression.operand, predicate);
  return predicate(expression);
}

/** The conjuncts of an expression: its operands if it is an AND, else the expression itself. */
export function conjuncts<Field>(expression: FilterExpression<Field>): FilterExpression<Field>[] {
  return expression.kind === "and" ? expression.operands : [expression];
}
