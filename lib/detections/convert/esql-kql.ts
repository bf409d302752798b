import type { SigmaStringPart, SigmaTimespan } from "@/lib/detections/sigma/types";
import { cannotExpress } from "./errors";
import type { Aggregation, CompareOperator, EsqlDialect, Grouping, Operand, ValueType } from "./esql-dialect";
import type { LogSourceId } from "./field-maps";
import { doubleQuoted } from "./literals";
import { wildcardToStandardRegex } from "./regex";
import { kqlEvents } from "./sentinel";

/**
 * ES|QL pipelines in Sentinel KQL. Log Analytics stores a missing string as the empty string, so a
 * string is present when isnotempty(); KQL's `==`, `in`, `*_cs` and `matches regex` compare
 * case-sensitively, as ES|QL does.
 */
export function kqlPipeline(
  logSource: LogSourceId,
  window: SigmaTimespan,
  warnings: Set<string>,
  run: (dialect: EsqlDialect) => string[],
): string {
  const lines = kqlEvents(logSource, null, warnings, (column, fields) => run(new KqlDialect(column, fields)));
  lines.splice(1, 0, `where TimeGenerated > ago(${window.text})`);
  return lines.join("\n| ");
}

type ColumnOf = Parameters<Parameters<typeof kqlEvents>[3]>[0];
type FieldsOf = Parameters<Parameters<typeof kqlEvents>[3]>[1];

const TYPED_NULL: Readonly<Record<ValueType, string>> = {
  string: '""',
  number: "real(null)",
  bool: "bool(null)",
  datetime: "datetime(null)",
  span: "timespan(null)",
  list: "dynamic(null)",
};

const FUNCTIONS: Readonly<Record<string, { name: string; type: ValueType | "first" }>> = {
  to_lower: { name: "tolower", type: "string" },
  to_upper: { name: "toupper", type: "string" },
  coalesce: { name: "coalesce", type: "first" },
  concat: { name: "strcat", type: "string" },
  length: { name: "strlen", type: "number" },
  to_string: { name: "tostring", type: "string" },
  to_long: { name: "tolong", type: "number" },
  to_integer: { name: "tolong", type: "number" },
  to_double: { name: "todouble", type: "number" },
  round: { name: "round", type: "number" },
  abs: { name: "abs", type: "number" },
};

class KqlDialect implements EsqlDialect {
  readonly language = "KQL";
  /** Conditions built of several parts, parenthesised wherever they are a part themselves. */
  private readonly compound = new Set<string>();

  constructor(
    private readonly columnOf: ColumnOf,
    private readonly fieldsOf: FieldsOf,
  ) {}

  source(sigmaField: string, use: Parameters<ColumnOf>[1], warnings: Set<string>): Operand {
    const column = this.columnOf(sigmaField, use, warnings);
    return {
      text: column.expression,
      type: column.type,
      nullable: true,
      column: /^\w+$/.test(column.expression) ? column.expression : undefined,
    };
  }

  expand(sigmaField: string, name: string, warnings: Set<string>) {
    const fields = this.fieldsOf(sigmaField, warnings);
    const [field] = fields;
    if (fields.length !== 1 || field.kind !== "array-element" || field.path.length !== 1)
      throw cannotExpress(
        "sentinel",
        sigmaField,
        `MV_EXPAND of the field '${sigmaField}'`,
        "it is not a list of one level",
      );
    const { array, element } = field.path[0];
    const value = field.property === "" ? `tostring(${element})` : `tostring(${element}.${field.property})`;
    return {
      commands: [`mv-expand ${element} = todynamic(${array})`, `extend ${name} = ${value}`, `project-away ${element}`],
      value: this.column(name, "string", true),
    };
  }

  time(): Operand {
    return { text: "TimeGenerated", type: "datetime", nullable: false, column: "TimeGenerated" };
  }

  column(name: string, type: ValueType, nullable: boolean): Operand {
    return { text: name, type, nullable, column: name };
  }

  literal(value: string | number | boolean): Operand {
    if (typeof value === "string") return { text: doubleQuoted(value), type: "string", nullable: false };
    return { text: String(value), type: typeof value === "number" ? "number" : "bool", nullable: false };
  }

  span(seconds: number): Operand {
    return { text: timespan(seconds), type: "span", nullable: false };
  }

  now(): Operand {
    return { text: "now()", type: "datetime", nullable: false };
  }

  present(value: Operand): string {
    if (value.type === "string") return `isnotempty(${value.text})`;
    if (value.type === "list") return `array_length(${value.text}) > 0`;
    return `isnotnull(${value.text})`;
  }

  compare(left: Operand, operator: CompareOperator, right: Operand): string {
    const [a, b] = comparable(left, right);
    if (a.type === "string" && b.type === "string") {
      if (operator !== "==" && operator !== "!=")
        throw cannotExpress("sentinel", operator, `'${operator}' between texts`, "KQL orders numbers and times only");
      if (operator === "==" && (a.text === '""' || b.text === '""'))
        throw cannotExpress(
          "sentinel",
          "empty string",
          "a test for the empty string",
          "Log Analytics stores a missing string as an empty one, so the two cannot be told apart",
        );
    }
    return `${a.text} ${operator} ${b.text}`;
  }

  inList(value: Operand, list: Operand[]): string {
    const numeric = list.some((item) => item.type === "number");
    const subject = numeric && value.type === "string" ? `toreal(${value.text})` : value.text;
    return `${subject} in (${list.map((item) => item.text).join(", ")})`;
  }

  like(value: Operand, parts: SigmaStringPart[]): string {
    const subject = value.type === "string" ? value.text : `tostring(${value.text})`;
    const [first, second, third] = parts;
    const star = (part: SigmaStringPart | undefined) => part?.kind === "wildcard" && part.wildcard === "*";
    if (parts.length === 1 && first.kind === "text") return `${subject} == ${doubleQuoted(first.text)}`;
    if (parts.length === 2 && first.kind === "text" && star(second))
      return `${subject} startswith_cs ${doubleQuoted(first.text)}`;
    if (parts.length === 2 && star(first) && second.kind === "text")
      return `${subject} endswith_cs ${doubleQuoted(second.text)}`;
    if (parts.length === 3 && star(first) && second.kind === "text" && star(third))
      return `${subject} contains_cs ${doubleQuoted(second.text)}`;
    return `${subject} matches regex ${doubleQuoted(wildcardToStandardRegex(parts, "re2", true))}`;
  }

  regex(value: Operand, pattern: string): string {
    return `${value.type === "string" ? value.text : `tostring(${value.text})`} matches regex ${doubleQuoted(pattern)}`;
  }

  cidr(value: Operand, range: string): string {
    return `ipv${range.includes(":") ? 6 : 4}_is_in_range(${value.text}, ${doubleQuoted(range)})`;
  }

  and(conditions: string[]): string {
    return this.join(conditions, "and");
  }

  or(conditions: string[]): string {
    return this.join(conditions, "or");
  }

  not(condition: string): string {
    return `not(${condition})`;
  }

  private join(conditions: string[], joiner: "and" | "or"): string {
    const joined = conditions.map((part) => (this.compound.has(part) ? `(${part})` : part)).join(` ${joiner} `);
    this.compound.add(joined);
    return joined;
  }

  call(name: string, args: Operand[]): Operand {
    if (!Object.hasOwn(FUNCTIONS, name))
      throw cannotExpress(
        "sentinel",
        name.toUpperCase(),
        `the ES|QL function ${name.toUpperCase()}`,
        "it is not translated",
      );
    const { name: kql, type } = FUNCTIONS[name];
    return {
      text: `${kql}(${args.map((arg) => arg.text).join(", ")})`,
      type: type === "first" ? (args[0]?.type ?? "string") : type,
      nullable: true,
    };
  }

  choose(branches: { when: string; then: Operand }[], otherwise: Operand | null): Operand {
    const typed = [...branches.map((branch) => branch.then), ...(otherwise ? [otherwise] : [])].find(
      (value) => value.text !== "null",
    );
    const type = typed?.type ?? "string";
    const text = (value: Operand | null) => (value === null || value.text === "null" ? TYPED_NULL[type] : value.text);
    return {
      text: `case(${[...branches.flatMap((branch) => [branch.when, text(branch.then)]), text(otherwise)].join(", ")})`,
      type,
      nullable: true,
    };
  }

  arithmetic(operator: "+" | "-" | "*" | "/" | "%", left: Operand, right: Operand): Operand {
    const type: ValueType =
      left.type === "datetime" && right.type === "datetime"
        ? "span"
        : left.type === "datetime" || right.type === "datetime"
          ? "datetime"
          : "number";
    return { text: `(${left.text} ${operator} ${right.text})`, type, nullable: left.nullable || right.nullable };
  }

  dateTrunc(seconds: number, value: Operand): Operand {
    return { text: `bin(${value.text}, ${timespan(seconds)})`, type: "datetime", nullable: value.nullable };
  }

  dateDiff(seconds: number, start: Operand, end: Operand): Operand {
    return {
      text: `tolong((${end.text} - ${start.text}) / ${timespan(seconds)})`,
      type: "number",
      nullable: start.nullable || end.nullable,
    };
  }

  replace(value: Operand, pattern: string, replacement: string): Operand {
    return {
      text: `replace_regex(${value.text}, ${doubleQuoted(pattern)}, ${doubleQuoted(replacement)})`,
      type: "string",
      nullable: value.nullable,
    };
  }

  where(condition: string): string[] {
    return [`where ${condition}`];
  }

  evaluate(assignments: { name: string; value: Operand }[]): string[] {
    return [`extend ${assignments.map(({ name, value }) => `${name} = ${value.text}`).join(", ")}`];
  }

  aggregate(aggregations: Aggregation[], groups: Grouping[]): string[] {
    const aggregates = aggregations.map(
      ({ name, function: fn, argument }) => `${name} = ${this.aggregation(fn, argument)}`,
    );
    const by = groups.map(({ name, value }) => (value.text === name ? name : `${name} = ${value.text}`));
    return [
      `summarize ${aggregates.join(", ")}${by.length > 0 ? `${aggregates.length > 0 ? " " : ""}by ${by.join(", ")}` : ""}`,
    ];
  }

  private aggregation(fn: Aggregation["function"], argument: Operand | null): string {
    if (argument === null) return "count()";
    switch (fn) {
      case "count":
        return `countif(${this.present(argument)})`;
      case "count_distinct":
        return `dcountif(${argument.text}, ${this.present(argument)})`;
      case "values":
        return `make_set_if(${argument.text}, ${this.present(argument)})`;
      case "min":
      case "max":
      case "sum":
      case "avg":
        if (argument.type === "string")
          throw cannotExpress(
            "sentinel",
            fn.toUpperCase(),
            `${fn.toUpperCase()} of a text`,
            "KQL aggregates numbers and times",
          );
        return `${fn}(${argument.text})`;
    }
  }

  keep(names: string[]): string[] {
    return names.length === 0 ? [] : [`project ${names.join(", ")}`];
  }

  drop(names: string[]): string[] {
    return [`project-away ${names.join(", ")}`];
  }

  sort(keys: { value: Operand; descending: boolean }[]): string[] {
    // ES|QL puts nulls last when ascending and first when descending; KQL's defaults are the reverse.
    return [
      `sort by ${keys.map(({ value, descending }) => `${value.text} ${descending ? "desc nulls first" : "asc nulls last"}`).join(", ")}`,
    ];
  }

  limit(count: number): string[] {
    return [`take ${count}`];
  }

  dissect(input: Operand, parts: ({ delimiter: string } | { column: string | null })[]): string[] {
    const pattern = parts.map((part) => ("delimiter" in part ? doubleQuoted(part.delimiter) : (part.column ?? "*")));
    return [`parse ${input.text} with ${pattern.join(" ")}`];
  }
}

/** Two operands KQL can compare: a text compared with a number is read as a number. */
function comparable(left: Operand, right: Operand): [Operand, Operand] {
  const asNumber = (operand: Operand): Operand => ({ ...operand, text: `toreal(${operand.text})`, type: "number" });
  if (left.type === "string" && right.type === "number") return [asNumber(left), right];
  if (left.type === "number" && right.type === "string") return [left, asNumber(right)];
  return [left, right];
}

/** A KQL timespan literal: 15m, 1h, 2d, 30s, 500ms. */
function timespan(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  if (Number.isInteger(seconds)) return `${seconds}s`;
  return `${Math.round(seconds * 1000)}ms`;
}
