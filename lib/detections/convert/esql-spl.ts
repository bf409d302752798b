import type { SigmaStringPart, SigmaTimespan } from "@/lib/detections/sigma/types";
import type { CorrelationUse } from "./conversion-target";
import { cannotExpress } from "./errors";
import type { Aggregation, CompareOperator, EsqlDialect, Grouping, Operand, ValueType } from "./esql-dialect";
import type { LogSourceId } from "./field-maps";
import { doubleQuoted } from "./literals";
import { escapeStandardText, wildcardToStandardRegex } from "./regex";
import { splEvents, type SplEvents } from "./splunk";

/**
 * ES|QL pipelines in Splunk SPL, written with where, eval and stats, whose comparisons (`==`,
 * in(), match()) are case-sensitive as ES|QL's are. Splunk keeps a missing field apart from an
 * empty one, as ES|QL does; its stats leaves out events whose grouping field is missing, where
 * ES|QL groups them under null, so a grouping by text is filled with "" first and set back after.
 */
export function splPipeline(
  logSource: LogSourceId,
  window: SigmaTimespan,
  warnings: Set<string>,
  run: (dialect: EsqlDialect) => string[],
): string {
  const events = splEvents(logSource, null, warnings);
  const commands = run(new SplDialect(events));
  return [`${events.baseSearch} earliest=-${window.text}`, ...events.extractions, ...commands].join("\n| ");
}

const FUNCTIONS: Readonly<Record<string, { name: string; type: ValueType | "first" }>> = {
  to_lower: { name: "lower", type: "string" },
  to_upper: { name: "upper", type: "string" },
  coalesce: { name: "coalesce", type: "first" },
  length: { name: "len", type: "number" },
  to_string: { name: "tostring", type: "string" },
  to_long: { name: "tonumber", type: "number" },
  to_integer: { name: "tonumber", type: "number" },
  to_double: { name: "tonumber", type: "number" },
  round: { name: "round", type: "number" },
  abs: { name: "abs", type: "number" },
};

const STATS_FUNCTIONS: Readonly<Record<Aggregation["function"], string>> = {
  count: "count",
  count_distinct: "dc",
  values: "values",
  min: "min",
  max: "max",
  sum: "sum",
  avg: "avg",
};

class SplDialect implements EsqlDialect {
  readonly language = "SPL";
  private readonly compound = new Set<string>();
  private temporary = 0;

  constructor(private readonly events: SplEvents) {}

  source(sigmaField: string, use: CorrelationUse, warnings: Set<string>): Operand {
    const name = this.events.field(sigmaField, use, warnings);
    return { text: `'${name}'`, type: "string", nullable: true, column: name };
  }

  expand(sigmaField: string, name: string, warnings: Set<string>) {
    const fields = this.events.fields(sigmaField, warnings);
    const [field] = fields;
    if (fields.length !== 1 || !field.multivalue)
      throw cannotExpress("splunk", sigmaField, `MV_EXPAND of the field '${sigmaField}'`, "it is not one list field");
    return { commands: [`eval ${name}='${field.name}'`, `mvexpand ${name}`], value: this.column(name, "string", true) };
  }

  time(): Operand {
    return { text: "_time", type: "datetime", nullable: false, column: "_time" };
  }

  column(name: string, type: ValueType, nullable: boolean): Operand {
    return { text: name, type, nullable, column: name };
  }

  literal(value: string | number | boolean): Operand {
    if (typeof value === "number") return { text: String(value), type: "number", nullable: false };
    // The add-on reads JSON's true and false as the texts "true" and "false".
    return { text: doubleQuoted(String(value)), type: typeof value === "string" ? "string" : "bool", nullable: false };
  }

  span(seconds: number): Operand {
    return { text: String(seconds), type: "span", nullable: false };
  }

  now(): Operand {
    return { text: "now()", type: "datetime", nullable: false };
  }

  present(value: Operand): string {
    return `isnotnull(${value.text})`;
  }

  compare(left: Operand, operator: CompareOperator, right: Operand): string {
    const number = (operand: Operand) => (operand.type === "string" ? `tonumber(${operand.text})` : operand.text);
    const numeric = left.type === "number" || right.type === "number";
    return `${numeric ? number(left) : left.text}${operator}${numeric ? number(right) : right.text}`;
  }

  inList(value: Operand, list: Operand[]): string {
    const texts = list.map((item) => (item.type === "number" ? doubleQuoted(item.text) : item.text));
    return `in(${value.text}, ${texts.join(", ")})`;
  }

  like(value: Operand, parts: SigmaStringPart[]): string {
    if (parts.every((part) => part.kind === "text"))
      return `${value.text}==${doubleQuoted(parts.map((part) => (part.kind === "text" ? part.text : "")).join(""))}`;
    return `match(${value.text}, ${doubleQuoted(wildcardToStandardRegex(parts, "pcre", true))})`;
  }

  regex(value: Operand, pattern: string): string {
    return `match(${value.text}, ${doubleQuoted(pattern)})`;
  }

  cidr(value: Operand, range: string): string {
    return `cidrmatch(${doubleQuoted(range)}, ${value.text})`;
  }

  and(conditions: string[]): string {
    return this.join(conditions, "AND");
  }

  or(conditions: string[]): string {
    return this.join(conditions, "OR");
  }

  not(condition: string): string {
    return `NOT (${condition})`;
  }

  private join(conditions: string[], joiner: "AND" | "OR"): string {
    const joined = conditions.map((part) => (this.compound.has(part) ? `(${part})` : part)).join(` ${joiner} `);
    this.compound.add(joined);
    return joined;
  }

  call(name: string, args: Operand[]): Operand {
    if (name === "concat") return { text: args.map((arg) => arg.text).join(" . "), type: "string", nullable: true };
    if (!Object.hasOwn(FUNCTIONS, name))
      throw cannotExpress(
        "splunk",
        name.toUpperCase(),
        `the ES|QL function ${name.toUpperCase()}`,
        "it is not translated",
      );
    const { name: spl, type } = FUNCTIONS[name];
    return {
      text: `${spl}(${args.map((arg) => arg.text).join(", ")})`,
      type: type === "first" ? (args[0]?.type ?? "string") : type,
      nullable: true,
    };
  }

  choose(branches: { when: string; then: Operand }[], otherwise: Operand | null): Operand {
    const values = [...branches.map((branch) => branch.then), ...(otherwise ? [otherwise] : [])];
    const type = values.find((value) => value.text !== "null")?.type ?? "string";
    const text = (value: Operand) => (value.text === "null" ? "null()" : value.text);
    const pairs = branches.flatMap((branch) => [branch.when, text(branch.then)]);
    // case() is null when no condition holds, as ES|QL's CASE without a default.
    if (otherwise !== null && otherwise.text !== "null") pairs.push("true()", text(otherwise));
    return { text: `case(${pairs.join(", ")})`, type, nullable: true };
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
    return { text: `(floor(${value.text} / ${seconds}) * ${seconds})`, type: "datetime", nullable: value.nullable };
  }

  dateDiff(seconds: number, start: Operand, end: Operand): Operand {
    const difference = `(${end.text} - ${start.text}) / ${seconds}`;
    return {
      text: `if(${end.text} >= ${start.text}, floor(${difference}), ceiling(${difference}))`,
      type: "number",
      nullable: start.nullable || end.nullable,
    };
  }

  replace(value: Operand, pattern: string, replacement: string): Operand {
    return {
      text: `replace(${value.text}, ${doubleQuoted(pattern)}, ${doubleQuoted(replacement)})`,
      type: "string",
      nullable: value.nullable,
    };
  }

  where(condition: string): string[] {
    return [`where ${condition}`];
  }

  evaluate(assignments: { name: string; value: Operand }[]): string[] {
    return [`eval ${assignments.map(({ name, value }) => `${name}=${value.text}`).join(", ")}`];
  }

  aggregate(aggregations: Aggregation[], groups: Grouping[]): string[] {
    const before: string[] = [];
    const argumentOf = (argument: Operand): string => {
      if (argument.column !== undefined) return argument.column;
      const name = `stats_argument_${++this.temporary}`;
      before.push(`${name}=${argument.text}`);
      return name;
    };
    const aggregates = aggregations.map(({ name, function: fn, argument }) =>
      argument === null ? `count as ${name}` : `${STATS_FUNCTIONS[fn]}(${argumentOf(argument)}) as ${name}`,
    );
    const filled = groups.filter((group) => group.value.nullable && group.value.type !== "datetime");
    for (const group of groups) {
      if (filled.includes(group)) before.push(`${group.name}=coalesce(${group.value.text}, "")`);
      else if (group.value.text !== group.name) before.push(`${group.name}=${group.value.text}`);
    }
    const commands = before.length > 0 ? [`eval ${before.join(", ")}`] : [];
    commands.push(
      `stats ${aggregates.join(", ")}${groups.length > 0 ? ` by ${groups.map((group) => group.name).join(", ")}` : ""}`,
    );
    if (filled.length > 0)
      commands.push(`eval ${filled.map(({ name }) => `${name}=if(${name}=="", null(), ${name})`).join(", ")}`);
    return commands;
  }

  keep(names: string[]): string[] {
    return names.length === 0 ? [] : [`fields ${names.join(", ")}`];
  }

  drop(names: string[]): string[] {
    return [`fields - ${names.join(", ")}`];
  }

  sort(keys: { value: Operand; descending: boolean }[]): string[] {
    const assignments: string[] = [];
    const fields = keys.map(({ value, descending }) => {
      let name = value.column;
      if (name === undefined) {
        name = `sort_key_${++this.temporary}`;
        assignments.push(`${name}=${value.text}`);
      }
      return `${descending ? "-" : "+"}${name}`;
    });
    return [...(assignments.length > 0 ? [`eval ${assignments.join(", ")}`] : []), `sort 0 ${fields.join(", ")}`];
  }

  limit(count: number): string[] {
    return [`head ${count}`];
  }

  dissect(input: Operand, parts: ({ delimiter: string } | { column: string | null })[]): string[] {
    const commands: string[] = [];
    let field = input.column;
    if (field === undefined) {
      field = `dissect_input_${++this.temporary}`;
      commands.push(`eval ${field}=${input.text}`);
    }
    const pattern = parts
      .map((part, index) => {
        if ("delimiter" in part) return escapeStandardText(part.delimiter);
        const any = index === parts.length - 1 ? ".*" : ".*?";
        return part.column === null ? any : `(?<${part.column}>${any})`;
      })
      .join("");
    commands.push(`rex field=${field} ${doubleQuoted(`(?s)^${pattern}$`)}`);
    return commands;
  }
}
