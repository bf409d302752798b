import type { SigmaStringPart, SigmaTimespan } from "@/lib/detections/sigma/types";
import { DISTINCT_COUNT_NOTE } from "./conversion-target";
import type { ConversionResult } from "./convert-target";
import { lookBack, scheduleNote } from "./elastic-settings";
import { cannotExpress, InvalidElasticRuleError, UnsupportedConstructError, type ConversionBackend } from "./errors";
import {
  columnName,
  type Aggregation,
  type CompareOperator,
  type EsqlDialect,
  type Grouping,
  type Operand,
} from "./esql-dialect";
import { EsqlSyntaxError, parseEsql, type EsqlAssignment, type EsqlCommand, type EsqlExpression } from "./esql";
import { elasticReading, logSourceForDataset, logSourceMapping, LOG_SOURCE_IDS, type LogSourceId } from "./field-maps";
import type { ElasticReading } from "./field-types";
import { anchoredLuceneRegex, LUCENE_ANY_STRING_NOTE, parseSigmaRegex, toStandardRegex } from "./regex";

/**
 * An Elastic esql rule as a pipeline of the same steps in Sentinel KQL or Splunk SPL (the syntax
 * comes from an EsqlDialect). ES|QL's meaning is settled here:
 *
 * - Names: before the first STATS a name is a column the pipeline made or a field of the log
 *   source, read through the same field tables as every other rule; after it, only what STATS made.
 * - Null: a comparison with a missing value is null in ES|QL and WHERE drops the row, and NOT of
 *   null is null too. Each condition is written as "it is true" and "it is false" with explicit
 *   presence tests, so the queries drop and keep exactly those rows, whatever their own nulls do.
 * - Comparisons are case-sensitive (ES|QL's `==`, IN, LIKE, RLIKE), and stay so.
 * - Fields the integration derives (event.outcome), holds constant (event.category, the data set)
 *   or adds from GeoIP are read back as the kuery rules read them, in comparisons.
 * - Columns that decide nothing — a VALUES() or a count only shown in the alert — are left out,
 *   with a note, when a SIEM has no field for them; what decides which rows alert never is.
 *
 * Commands and functions the dialects have no equal for are refused by name.
 */
export function convertEsqlRule(
  rule: Record<string, unknown>,
  text: string,
  backend: Exclude<ConversionBackend, "elastic">,
  /** The whole query: the events of the source over the look-back, then the commands `run` writes in the dialect. */
  dialectFor: (
    logSource: LogSourceId,
    window: SigmaTimespan,
    warnings: Set<string>,
    run: (dialect: EsqlDialect) => string[],
  ) => string,
): ConversionResult {
  let commands: EsqlCommand[];
  try {
    commands = parseEsql(text);
  } catch (error) {
    if (error instanceof EsqlSyntaxError)
      throw new InvalidElasticRuleError(`its query does not parse: ${error.message}`);
    throw error;
  }
  const other = commands.find((command) => command.kind === "other");
  if (other !== undefined)
    throw cannotExpress(backend, other.name, `the ES|QL command ${other.name}`, "it is not translated");
  const [from] = commands;
  if (from.kind !== "from") throw new InvalidElasticRuleError("an ES|QL query starts with FROM");
  const dataset = datasetOf(from.sources, backend);
  const logSource = logSourceOf(dataset, commands, backend);

  const warnings = new Set<string>();
  const notes = new Set<string>();
  const window = lookBack(rule, backend);
  const query = dialectFor(logSource, window, warnings, (dialect) =>
    new Pipeline(dialect, backend, logSource, dataset, warnings, notes).run(commands.slice(1)),
  );
  notes.add(scheduleNote(rule, window, backend, "reads the events of that look-back, as each run of the rule does"));
  return {
    backend,
    language: backend === "sentinel" ? "KQL" : "SPL",
    query,
    warnings: [...warnings],
    notes: [...notes],
  };
}

const INDEX_DATASET = /^(?:[\w-]+:)?logs-([a-z0-9_]+\.[a-z0-9_]+)-/i;
const DATASET_FIELDS = new Set(["data_stream.dataset", "event.dataset"]);

function datasetOf(sources: string[], backend: ConversionBackend): string {
  const datasets = [...new Set(sources.map((source) => INDEX_DATASET.exec(source)?.[1]?.toLowerCase() ?? source))];
  if (datasets.length > 1)
    throw cannotExpress(
      backend,
      "data sets",
      `a rule over several data sets (${datasets.join(", ")})`,
      "each SIEM keeps them in tables of their own",
    );
  if (!INDEX_DATASET.test(sources[0]))
    throw cannotExpress(backend, "data set", `the index pattern '${sources[0]}'`, "it names no data set");
  return datasets[0];
}

/**
 * The log source of the data set; for a data stream of several categories, the one category a
 * top-level condition of a WHERE before the first STATS names, else all of them.
 */
function logSourceOf(dataset: string, commands: EsqlCommand[], backend: ConversionBackend): LogSourceId {
  const candidates = LOG_SOURCE_IDS.filter((id) => logSourceMapping(id).elasticDataset?.dataset === dataset);
  if (candidates.length === 0)
    throw cannotExpress(
      backend,
      "data set",
      `the data set '${dataset}'`,
      "no log source of the other SIEMs is mapped for it",
    );
  const categoryField = logSourceMapping(candidates[0]).elasticDataset?.categoryField ?? null;
  const firstStats = commands.findIndex((command) => command.kind === "stats");
  const before = firstStats === -1 ? commands : commands.slice(0, firstStats);
  for (const command of before) {
    if (command.kind !== "where" || categoryField === null) continue;
    for (const conjunct of conjunctsOf(command.condition)) {
      if (
        conjunct.kind === "compare" &&
        conjunct.operator === "==" &&
        conjunct.left.kind === "field" &&
        conjunct.left.name === categoryField &&
        conjunct.right.kind === "literal" &&
        typeof conjunct.right.value === "string"
      ) {
        const source = logSourceForDataset(dataset, conjunct.right.value);
        if (source !== undefined) return source;
      }
    }
  }
  const all = logSourceForDataset(dataset, null);
  if (all === undefined)
    throw cannotExpress(
      backend,
      "data set",
      `the data set '${dataset}' without a category`,
      "only single categories of it are mapped",
    );
  return all;
}

function conjunctsOf(expression: EsqlExpression): EsqlExpression[] {
  return expression.kind === "and" ? expression.operands.flatMap(conjunctsOf) : [expression];
}

/** A condition as the two conditions "it is true" and "it is false", each a plain boolean, built on demand. */
type Truth = { whenTrue: () => string; whenFalse: () => string };

type Binding = { kind: "value"; operand: Operand } | { kind: "unavailable"; reason: string };

const INVERSE: Readonly<Record<CompareOperator, CompareOperator>> = {
  "==": "!=",
  "!=": "==",
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
};

const SPAN_SECONDS = { millisecond: 0.001, second: 1, minute: 60, hour: 3600, day: 86400 } as const;
const DATE_DIFF_UNITS: Readonly<Record<string, number>> = {
  millisecond: 0.001,
  milliseconds: 0.001,
  ms: 0.001,
  second: 1,
  seconds: 1,
  s: 1,
  minute: 60,
  minutes: 60,
  mi: 60,
  n: 60,
  hour: 3600,
  hours: 3600,
  hh: 3600,
  day: 86400,
  days: 86400,
  dd: 86400,
  d: 86400,
};
const AGGREGATIONS = new Set(["count", "count_distinct", "values", "min", "max", "sum", "avg"]);

class Pipeline {
  private env = new Map<string, Binding>();
  private aggregated = false;
  private readonly taken = new Set<string>();
  private decisive = new Set<EsqlAssignment>();
  /** Where the caveats of what is being translated go: warnings, or a context column's own set. */
  private sink: Set<string>;

  constructor(
    private readonly dialect: EsqlDialect,
    private readonly backend: ConversionBackend,
    private readonly logSource: LogSourceId,
    private readonly dataset: string,
    private readonly warnings: Set<string>,
    private readonly notes: Set<string>,
  ) {
    this.sink = warnings;
  }

  run(commands: EsqlCommand[]): string[] {
    this.decisive = decisiveAssignments(commands);
    return commands.flatMap((command) => this.command(command));
  }

  private command(command: EsqlCommand): string[] {
    switch (command.kind) {
      case "where": {
        const condition = this.truth(command.condition).whenTrue();
        if (condition === TRUE) return [];
        if (condition === FALSE)
          throw cannotExpress(
            this.backend,
            "query",
            "a query that can match no event",
            "a condition contradicts what the integration records",
          );
        return this.dialect.where(condition);
      }
      case "eval": {
        // An assignment that reads one made in the same EVAL starts a new step: KQL's extend
        // does not see the columns it is making.
        const steps: { name: string; value: Operand }[][] = [[]];
        let made = new Set<string>();
        for (const assignment of command.assignments) {
          if (reads(assignment.expression).some((name) => made.has(name))) {
            steps.push([]);
            made = new Set();
          }
          const value = this.maybe(assignment, () => this.value(assignment.expression));
          if (value === null) continue;
          const name = this.newColumn(assignment.name);
          steps.at(-1)!.push({ name, value });
          made.add(assignment.name);
          this.env.set(assignment.name, {
            kind: "value",
            operand: this.dialect.column(name, value.type, value.nullable),
          });
        }
        return steps.filter((step) => step.length > 0).flatMap((step) => this.dialect.evaluate(step));
      }
      case "stats":
        return this.stats(command.aggregations, command.by);
      case "keep":
        return this.keep(command.patterns);
      case "drop": {
        const names = this.matching(command.patterns);
        for (const name of names) this.env.delete(name);
        const columns = names.flatMap((name) => this.columnOf(name) ?? []);
        return columns.length === 0 ? [] : this.dialect.drop(columns);
      }
      case "rename":
        for (const { from, to } of command.renames) {
          const binding = this.env.get(from) ?? { kind: "value", operand: this.name(from) };
          this.env.delete(from);
          this.env.set(to, binding);
        }
        return [];
      case "sort": {
        const keys = command.keys.map((key) => ({ value: this.value(key.expression), descending: key.descending }));
        return this.dialect.sort(keys);
      }
      case "limit":
        return this.dialect.limit(command.count);
      case "dissect":
        return this.dissect(command.input, command.pattern);
      case "mv_expand": {
        const reading = this.reading(command.field);
        const name = this.newColumn(command.field);
        const expansion = this.dialect.expand(reading, name, this.sink);
        this.env.set(command.field, { kind: "value", operand: expansion.value });
        return expansion.commands;
      }
      case "from":
      case "other":
        throw new InvalidElasticRuleError(`the ES|QL command ${command.kind.toUpperCase()} is misplaced`);
    }
  }

  /**
   * An assignment's value; for one that decides nothing (a context column), a failure leaves the
   * column out with a note, and its caveats become notes, since they change no alert.
   */
  private maybe(assignment: EsqlAssignment, compute: () => Operand): Operand | null {
    if (this.decisive.has(assignment)) return compute();
    const outer = this.sink;
    const own = new Set<string>();
    this.sink = own;
    try {
      const value = compute();
      for (const caveat of own) this.notes.add(`In the column ${assignment.name}, which only shows context: ${caveat}`);
      return value;
    } catch (error) {
      if (!(error instanceof UnsupportedConstructError) || error instanceof InvalidElasticRuleError) throw error;
      this.env.set(assignment.name, { kind: "unavailable", reason: error.message });
      this.notes.add(
        `The column ${assignment.name}, which only shows context, is left out: ${error.message.replace(/^The \w+ backend cannot express /, "")}.`,
      );
      return null;
    } finally {
      this.sink = outer;
    }
  }

  private stats(aggregations: EsqlAssignment[], by: EsqlAssignment[]): string[] {
    const groups: Grouping[] = by.map((assignment) => {
      const value = this.value(assignment.expression);
      // A column the pipeline made keeps its name; a field of the source is named after the rule's name for it.
      const made = assignment.expression.kind === "field" && this.env.has(assignment.expression.name);
      return { name: made && value.column !== undefined ? value.column : this.newColumn(assignment.name), value };
    });
    const outputs = new Map<string, Binding>();
    for (const [index, group] of groups.entries())
      outputs.set(by[index].name, {
        kind: "value",
        operand: this.dialect.column(group.name, group.value.type, group.value.nullable),
      });
    const aggregates: Aggregation[] = [];
    for (const assignment of aggregations) {
      const aggregate = this.maybe(assignment, () => {
        const built = this.aggregation(assignment);
        aggregates.push(built.aggregation);
        return built.operand;
      });
      outputs.set(
        assignment.name,
        aggregate === null ? this.env.get(assignment.name)! : { kind: "value", operand: aggregate },
      );
    }
    this.env = outputs;
    this.aggregated = true;
    return this.dialect.aggregate(aggregates, groups);
  }

  private aggregation(assignment: EsqlAssignment): { aggregation: Aggregation; operand: Operand } {
    const expression = assignment.expression;
    if (expression.kind !== "call" || !AGGREGATIONS.has(expression.name))
      throw cannotExpress(
        this.backend,
        expression.kind === "call" ? expression.name.toUpperCase() : "STATS",
        expression.kind === "call"
          ? `the ES|QL aggregation ${expression.name.toUpperCase()}`
          : "a STATS expression that is not one aggregation",
        "it is not translated",
      );
    const fn = expression.name as Aggregation["function"];
    const argument = expression.star || expression.args.length === 0 ? null : this.value(expression.args[0]);
    if (argument === null && fn !== "count") throw new InvalidElasticRuleError(`${fn.toUpperCase()} needs a value`);
    if (fn === "count_distinct" && this.language === "KQL") this.notes.add(DISTINCT_COUNT_NOTE);
    const name = this.newColumn(assignment.name);
    const type =
      fn === "count" || fn === "count_distinct" || fn === "sum" || fn === "avg"
        ? "number"
        : fn === "values"
          ? "list"
          : argument!.type;
    const nullable = !(fn === "count" || fn === "count_distinct");
    return { aggregation: { name, function: fn, argument }, operand: this.dialect.column(name, type, nullable) };
  }

  private get language(): "KQL" | "SPL" {
    return this.dialect.language;
  }

  private keep(patterns: string[]): string[] {
    if (!this.aggregated) {
      this.notes.add(
        `The query returns every column of the events it keeps; the rule shows only ${patterns.join(", ")}.`,
      );
      return [];
    }
    const names = this.matching(patterns);
    const kept = new Map<string, Binding>();
    for (const name of names) kept.set(name, this.env.get(name)!);
    this.env = kept;
    const columns = names.flatMap((name) => this.columnOf(name) ?? []);
    return this.dialect.keep(columns);
  }

  /** The names a KEEP or DROP list names, in its order, each once (`*` a wildcard). */
  private matching(patterns: string[]): string[] {
    const names: string[] = [];
    for (const pattern of patterns) {
      const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
      for (const name of this.env.keys()) if (regex.test(name) && !names.includes(name)) names.push(name);
    }
    return names;
  }

  private columnOf(name: string): string | null {
    const binding = this.env.get(name);
    return binding?.kind === "value" && binding.operand.column !== undefined ? binding.operand.column : null;
  }

  private dissect(input: EsqlExpression, pattern: string): string[] {
    const parts: ({ delimiter: string } | { column: string | null })[] = [];
    const keys: { name: string; column: string }[] = [];
    const regex = /%\{([^}]*)\}/g;
    let last = 0;
    for (const match of pattern.matchAll(regex)) {
      if (match.index > last) parts.push({ delimiter: pattern.slice(last, match.index) });
      const key = match[1];
      if (/[+?*&]|->/.test(key))
        throw cannotExpress(
          this.backend,
          "DISSECT",
          `the DISSECT key modifier in %{${key}}`,
          "only plain keys are translated",
        );
      if (key === "") parts.push({ column: null });
      else {
        const column = this.newColumn(key);
        keys.push({ name: key, column });
        parts.push({ column });
      }
      last = match.index + match[0].length;
    }
    if (last < pattern.length) parts.push({ delimiter: pattern.slice(last) });
    const value = this.value(input);
    for (const { name, column } of keys)
      this.env.set(name, { kind: "value", operand: this.dialect.column(column, "string", true) });
    return this.dialect.dissect(value, parts);
  }

  private newColumn(esqlName: string): string {
    const name = columnName(esqlName, this.taken);
    this.taken.add(name);
    return name;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  private value(expression: EsqlExpression): Operand {
    switch (expression.kind) {
      case "field":
        return this.name(expression.name);
      case "literal":
        if (expression.value === null)
          throw cannotExpress(this.backend, "null", "a null value outside a CASE", "it is not translated");
        return this.dialect.literal(expression.value);
      case "span":
        return this.dialect.span(this.seconds(expression.amount, expression.unit));
      case "arithmetic":
        return this.dialect.arithmetic(expression.operator, this.value(expression.left), this.value(expression.right));
      case "call":
        return this.call(expression.name, expression.args);
      default:
        throw cannotExpress(
          this.backend,
          "condition value",
          "a condition used as a value",
          "conditions are translated where they decide (WHERE, CASE)",
        );
    }
  }

  private seconds(amount: number, unit: string): number {
    if (!Object.hasOwn(SPAN_SECONDS, unit))
      throw cannotExpress(this.backend, unit, `a time span in ${unit}s`, "calendar spans have no fixed length");
    return amount * SPAN_SECONDS[unit as keyof typeof SPAN_SECONDS];
  }

  private call(name: string, args: EsqlExpression[]): Operand {
    switch (name) {
      case "case": {
        const branches: { when: string; then: Operand }[] = [];
        for (let index = 0; index + 1 < args.length; index += 2)
          branches.push({ when: this.truth(args[index]).whenTrue(), then: this.caseValue(args[index + 1]) });
        const otherwise = args.length % 2 === 1 ? this.caseValue(args.at(-1)!) : null;
        return this.dialect.choose(branches, otherwise ?? null);
      }
      case "date_trunc": {
        const [span, time] = args;
        if (span?.kind !== "span" || time === undefined)
          throw cannotExpress(this.backend, "DATE_TRUNC", "DATE_TRUNC with a span that is not a literal");
        return this.dialect.dateTrunc(this.seconds(span.amount, span.unit), this.value(time));
      }
      case "date_diff": {
        const [unit, start, end] = args;
        const seconds =
          unit?.kind === "literal" && typeof unit.value === "string"
            ? DATE_DIFF_UNITS[unit.value.toLowerCase()]
            : undefined;
        if (seconds === undefined || start === undefined || end === undefined)
          throw cannotExpress(
            this.backend,
            "DATE_DIFF",
            "DATE_DIFF in that unit",
            "only fixed-length units are translated",
          );
        return this.dialect.dateDiff(seconds, this.value(start), this.value(end));
      }
      case "now":
        return this.dialect.now();
      case "replace": {
        const [text, pattern, replacement] = args;
        if (
          pattern?.kind !== "literal" ||
          typeof pattern.value !== "string" ||
          replacement?.kind !== "literal" ||
          typeof replacement.value !== "string"
        )
          throw cannotExpress(this.backend, "REPLACE", "REPLACE with a pattern that is not a literal");
        if (/[$\\]/.test(replacement.value))
          throw cannotExpress(
            this.backend,
            "REPLACE",
            "a REPLACE replacement with group references",
            "the dialects write them differently",
          );
        const regex = toStandardRegex(
          parseSigmaRegex(pattern.value, { caseInsensitive: false, multiline: false, dotAll: false }, this.backend),
        );
        return this.dialect.replace(this.value(text), regex, replacement.value);
      }
      default:
        return this.dialect.call(
          name,
          args.map((arg) => this.value(arg)),
        );
    }
  }

  /** A value CASE returns: null is a missing value, the otherwise of no match. */
  private caseValue(expression: EsqlExpression): Operand {
    if (expression.kind === "literal" && expression.value === null) return NULL_OPERAND;
    return this.value(expression);
  }

  /** A name: a column the pipeline made, or (before STATS) a field of the log source. */
  private name(name: string): Operand {
    const binding = this.env.get(name);
    if (binding?.kind === "value") return binding.operand;
    if (binding?.kind === "unavailable") throw new UnsupportedConstructError(name, binding.reason);
    if (this.aggregated) throw new InvalidElasticRuleError(`no column ${name} after STATS`);
    if (name === "@timestamp") return this.dialect.time();
    return this.dialect.source(this.reading(name), "expression", this.sink);
  }

  /** The Sigma field an Elastic field stands for; refused, naming it, when it is derived or unmapped. */
  private reading(field: string): string {
    const reading = this.elasticReading(field);
    if (reading.kind !== "field")
      throw cannotExpress(
        this.backend,
        field,
        `the Elastic field '${field}' of the ${this.logSource} log source as a value`,
        reading.kind === "unmapped"
          ? reading.reason
          : "the integration derives it from another field; only comparisons with a value are translated",
      );
    if (reading.warning) this.sink.add(reading.warning);
    return reading.field;
  }

  private elasticReading(field: string): ElasticReading {
    const reading = elasticReading(this.logSource, field);
    if (reading === undefined)
      throw cannotExpress(
        this.backend,
        field,
        `the Elastic field '${field}' of the ${this.logSource} log source`,
        "it has no mapping to a field of the other SIEMs",
      );
    if (reading.kind === "unmapped")
      throw cannotExpress(
        this.backend,
        field,
        `the Elastic field '${field}' of the ${this.logSource} log source`,
        reading.reason,
      );
    return reading;
  }

  // ---------------------------------------------------------------------------------------------
  // Conditions

  private truth(expression: EsqlExpression): Truth {
    const { dialect } = this;
    switch (expression.kind) {
      case "and":
      case "or": {
        const operands = expression.operands.map((operand) => this.truth(operand));
        const all = (parts: string[]) => fold("and", parts, dialect);
        const any = (parts: string[]) => fold("or", parts, dialect);
        return expression.kind === "and"
          ? {
              whenTrue: () => all(operands.map((operand) => operand.whenTrue())),
              whenFalse: () => any(operands.map((operand) => operand.whenFalse())),
            }
          : {
              whenTrue: () => any(operands.map((operand) => operand.whenTrue())),
              whenFalse: () => all(operands.map((operand) => operand.whenFalse())),
            };
      }
      case "not": {
        const inner = this.truth(expression.operand);
        return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
      }
      case "literal":
        if (typeof expression.value === "boolean") return constant(expression.value);
        if (expression.value === null) return { whenTrue: () => FALSE, whenFalse: () => FALSE };
        break;
      case "compare":
        return this.comparison(expression.left, expression.operator, expression.right);
      case "in":
        return this.membership(expression.value, expression.list);
      case "like":
      case "rlike": {
        const special = this.special(expression.value);
        if (special !== null)
          throw cannotExpress(
            this.backend,
            special.field,
            `${expression.kind.toUpperCase()} on the Elastic field '${special.field}'`,
            "the integration derives it value by value",
          );
        const value = this.value(expression.value);
        const test =
          expression.kind === "like"
            ? dialect.like(value, likeParts(expression.pattern))
            : dialect.regex(value, this.luceneRegex(expression.pattern, expression.value));
        return this.guarded(
          [value],
          () => test,
          () => dialect.not(test),
        );
      }
      case "is-null": {
        const special = this.special(expression.value);
        if (special !== null) {
          const { reading } = special;
          if (reading !== "dataset" && reading.kind === "substitute") {
            const operand = this.dialect.source(reading.field, "expression", this.sink);
            return { whenTrue: () => dialect.not(dialect.present(operand)), whenFalse: () => dialect.present(operand) };
          }
          return constant(false);
        }
        const value = this.value(expression.value);
        if (!value.nullable) return constant(false);
        return { whenTrue: () => dialect.not(dialect.present(value)), whenFalse: () => dialect.present(value) };
      }
      case "call":
        return this.predicateCall(expression.name, expression.args);
      default:
        break;
    }
    const value = this.value(expression);
    if (value.type !== "bool")
      throw cannotExpress(
        this.backend,
        "condition",
        "a value used as a condition",
        "only conditions decide which rows are kept",
      );
    const isTrue = dialect.compare(value, "==", dialect.literal(true));
    return this.guarded(
      [value],
      () => isTrue,
      () => dialect.not(isTrue),
    );
  }

  /** true when every nullable operand is present and `test` holds; false when they are present and `negated` holds. */
  private guarded(operands: Operand[], test: () => string, negated: () => string): Truth {
    const presence = operands.filter((operand) => operand.nullable).map((operand) => this.dialect.present(operand));
    return {
      whenTrue: () => fold("and", [...presence, test()], this.dialect),
      whenFalse: () => fold("and", [...presence, negated()], this.dialect),
    };
  }

  private comparison(left: EsqlExpression, operator: CompareOperator, right: EsqlExpression): Truth {
    const [subject, other, op] =
      this.special(left) === null && this.special(right) !== null
        ? [right, left, mirror(operator)]
        : [left, right, operator];
    const special = this.special(subject);
    if (special !== null) {
      const literal = literalText(other);
      if (literal === null || (op !== "==" && op !== "!="))
        throw cannotExpress(
          this.backend,
          special.field,
          `this comparison with the Elastic field '${special.field}'`,
          "the integration derives it, so only equality with a value is translated",
        );
      const equal = this.equalsSpecial(special, literal);
      return op === "==" ? equal : { whenTrue: equal.whenFalse, whenFalse: equal.whenTrue };
    }
    const a = this.value(subject);
    const b = this.value(other);
    return this.guarded(
      [a, b],
      () => this.dialect.compare(a, op, b),
      () => this.dialect.compare(a, INVERSE[op], b),
    );
  }

  private membership(subject: EsqlExpression, list: EsqlExpression[]): Truth {
    const special = this.special(subject);
    if (special !== null) {
      const tests = list.map((item) => {
        const literal = literalText(item);
        if (literal === null)
          throw cannotExpress(
            this.backend,
            special.field,
            `IN on the Elastic field '${special.field}' with a value that is not a literal`,
          );
        return this.equalsSpecial(special, literal);
      });
      return {
        whenTrue: () =>
          fold(
            "or",
            tests.map((test) => test.whenTrue()),
            this.dialect,
          ),
        whenFalse: () =>
          fold(
            "and",
            tests.map((test) => test.whenFalse()),
            this.dialect,
          ),
      };
    }
    const value = this.value(subject);
    const values = list.map((item) => this.value(item));
    const test = () => this.dialect.inList(value, values);
    return this.guarded([value, ...values], test, () => this.dialect.not(test()));
  }

  private predicateCall(name: string, args: EsqlExpression[]): Truth {
    const values = args.map((arg) => this.value(arg));
    const [subject, ...rest] = values;
    const literalArgs = args.slice(1).map(literalText);
    switch (name) {
      case "cidr_match": {
        if (literalArgs.some((arg) => arg === null))
          throw cannotExpress(this.backend, "CIDR_MATCH", "CIDR_MATCH with ranges that are not literals");
        const test = () =>
          fold(
            "or",
            literalArgs.map((range) => this.dialect.cidr(subject, range!)),
            this.dialect,
          );
        return this.guarded([subject], test, () => this.dialect.not(test()));
      }
      case "starts_with":
      case "ends_with": {
        const text = literalArgs[0];
        if (text === null || text === undefined || rest.length !== 1)
          throw cannotExpress(
            this.backend,
            name.toUpperCase(),
            `${name.toUpperCase()} with a value that is not a literal`,
          );
        const star: SigmaStringPart = { kind: "wildcard", wildcard: "*" };
        const parts: SigmaStringPart[] =
          name === "starts_with" ? [{ kind: "text", text }, star] : [star, { kind: "text", text }];
        const test = () => this.dialect.like(subject, parts);
        return this.guarded([subject], test, () => this.dialect.not(test()));
      }
      default: {
        const value = this.dialect.call(name, values);
        if (value.type !== "bool")
          throw cannotExpress(this.backend, name.toUpperCase(), `the function ${name.toUpperCase()} as a condition`);
        const isTrue = this.dialect.compare(value, "==", this.dialect.literal(true));
        return this.guarded(
          [value],
          () => isTrue,
          () => this.dialect.not(isTrue),
        );
      }
    }
  }

  /**
   * A field the integration sets itself — the data set, a constant, a derived value or a GeoIP
   * name known by number — possibly under TO_LOWER / TO_UPPER, which comparisons read specially.
   */
  private special(
    expression: EsqlExpression,
  ): { field: string; reading: ElasticReading | "dataset"; fold: boolean } | null {
    let folded = false;
    let inner = expression;
    if (inner.kind === "call" && (inner.name === "to_lower" || inner.name === "to_upper") && inner.args.length === 1) {
      folded = true;
      inner = inner.args[0];
    }
    if (inner.kind !== "field" || this.env.has(inner.name) || this.aggregated) return null;
    if (DATASET_FIELDS.has(inner.name)) return { field: inner.name, reading: "dataset", fold: folded };
    const reading = elasticReading(this.logSource, inner.name);
    if (reading === undefined || reading.kind === "field" || reading.kind === "unmapped") return null;
    return { field: inner.name, reading, fold: folded };
  }

  private equalsSpecial(
    special: { field: string; reading: ElasticReading | "dataset"; fold: boolean },
    literal: string,
  ): Truth {
    const same = (a: string, b: string) => (special.fold ? a.toLowerCase() === b.toLowerCase() : a === b);
    const { reading } = special;
    if (reading === "dataset") return constant(same(this.dataset, literal));
    switch (reading.kind) {
      case "constant":
        return constant(reading.values.some((value) => same(value, literal)));
      case "values": {
        const written = Object.keys(reading.values).find((value) => same(value, literal));
        // The integration writes the field on every event, from the field it derives it from.
        if (written === undefined) return constant(false);
        // The integration writes the derived value on every event, so the comparison is never null.
        const derived = reading.values[written];
        const field = this.dialect.source(reading.field, "expression", this.sink);
        const test = fold(
          "and",
          [
            this.dialect.present(field),
            "equals" in derived
              ? this.dialect.compare(field, "==", this.dialect.literal(derived.equals))
              : this.dialect.compare(field, "!=", this.dialect.literal(derived.notEquals)),
          ],
          this.dialect,
        );
        return { whenTrue: () => test, whenFalse: () => this.dialect.not(test) };
      }
      case "substitute": {
        const known = Object.keys(reading.values).find((name) => name.toLowerCase() === literal.toLowerCase());
        if (known === undefined)
          throw cannotExpress(
            this.backend,
            special.field,
            `the value ${JSON.stringify(literal)} of the Elastic field '${special.field}'`,
            reading.reason,
          );
        this.sink.add(reading.warning(literal, known));
        const field = this.dialect.source(reading.field, "expression", this.sink);
        const inList = this.dialect.inList(
          field,
          reading.values[known].map((value) => this.dialect.literal(value)),
        );
        return this.guarded(
          [field],
          () => inList,
          () => this.dialect.not(inList),
        );
      }
      case "field":
      case "unmapped":
        throw new Error("plain fields are not special");
    }
  }

  private luceneRegex(pattern: string, subject: EsqlExpression): string {
    const field = subject.kind === "field" ? subject.name : "value";
    const { source: anchored, anyString } = anchoredLuceneRegex(pattern, field, this.backend);
    if (anyString) this.notes.add(LUCENE_ANY_STRING_NOTE);
    return toStandardRegex(
      parseSigmaRegex(anchored, { caseInsensitive: false, multiline: false, dotAll: true }, this.backend),
    );
  }
}

const TRUE = "true";
const FALSE = "false";

const NULL_OPERAND: Operand = { text: "null", type: "string", nullable: true };

function constant(value: boolean): Truth {
  return { whenTrue: () => (value ? TRUE : FALSE), whenFalse: () => (value ? FALSE : TRUE) };
}

/** AND or OR of conditions, with true and false folded away. */
function fold(kind: "and" | "or", parts: string[], dialect: EsqlDialect): string {
  const absorbing = kind === "and" ? FALSE : TRUE;
  const neutral = kind === "and" ? TRUE : FALSE;
  if (parts.includes(absorbing)) return absorbing;
  const kept = [...new Set(parts.filter((part) => part !== neutral))];
  if (kept.length === 0) return neutral;
  return kept.length === 1 ? kept[0] : kind === "and" ? dialect.and(kept) : dialect.or(kept);
}

function mirror(operator: CompareOperator): CompareOperator {
  return ({ "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const)[operator];
}

function literalText(expression: EsqlExpression | undefined): string | null {
  if (expression?.kind !== "literal" || expression.value === null) return null;
  return String(expression.value);
}

/** LIKE's pattern: `*` any run, `?` one character, `\` escapes the next character. */
function likeParts(pattern: string): SigmaStringPart[] {
  const parts: SigmaStringPart[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === "*" || char === "?") {
      parts.push({ kind: "wildcard", wildcard: char });
      continue;
    }
    const text = char === "\\" && index + 1 < pattern.length ? pattern[++index] : char;
    const last = parts.at(-1);
    if (last?.kind === "text") last.text += text;
    else parts.push({ kind: "text", text });
  }
  return parts;
}

/**
 * The assignments (EVAL, STATS, DISSECT outputs by name) that decide which rows the rule returns:
 * read, directly or through other columns, by a WHERE, a STATS grouping, an MV_EXPAND, or a SORT
 * a LIMIT follows. The others only show context in the alert.
 */
function decisiveAssignments(commands: EsqlCommand[]): Set<EsqlAssignment> {
  const decisive = new Set<EsqlAssignment>();
  let needed = new Set<string>();
  let limited = false;
  for (const command of [...commands].reverse()) {
    switch (command.kind) {
      case "where":
        for (const name of reads(command.condition)) needed.add(name);
        break;
      case "eval":
        for (const assignment of [...command.assignments].reverse()) {
          if (!needed.has(assignment.name)) continue;
          needed.delete(assignment.name);
          decisive.add(assignment);
          for (const name of reads(assignment.expression)) needed.add(name);
        }
        break;
      case "stats": {
        const before = new Set<string>();
        for (const assignment of command.by) {
          decisive.add(assignment);
          for (const name of reads(assignment.expression)) before.add(name);
        }
        for (const assignment of command.aggregations) {
          if (!needed.has(assignment.name)) continue;
          decisive.add(assignment);
          for (const name of reads(assignment.expression)) before.add(name);
        }
        needed = before;
        break;
      }
      case "rename":
        for (const { from, to } of [...command.renames].reverse()) {
          if (!needed.has(to)) continue;
          needed.delete(to);
          needed.add(from);
        }
        break;
      case "dissect":
        for (const name of reads(command.input)) needed.add(name);
        break;
      case "mv_expand":
        needed.add(command.field);
        break;
      case "sort":
        if (limited) for (const key of command.keys) for (const name of reads(key.expression)) needed.add(name);
        break;
      case "limit":
        limited = true;
        break;
      default:
        break;
    }
  }
  return decisive;
}

function reads(expression: EsqlExpression): string[] {
  switch (expression.kind) {
    case "field":
      return [expression.name];
    case "literal":
    case "span":
      return [];
    case "compare":
    case "arithmetic":
      return [...reads(expression.left), ...reads(expression.right)];
    case "and":
    case "or":
      return expression.operands.flatMap(reads);
    case "not":
      return reads(expression.operand);
    case "in":
      return [...reads(expression.value), ...expression.list.flatMap(reads)];
    case "like":
    case "rlike":
    case "is-null":
      return reads(expression.value);
    case "call":
      return expression.args.flatMap(reads);
  }
}
