import {
  COMPARISON_SYMBOLS,
  correlationFieldError,
  DISTINCT_COUNT_NOTE,
  countCondition,
  ruleOf,
  type BackendConverter,
  type ConversionTarget,
  type CorrelationUse,
} from "./conversion-target";
import type { SigmaDetection } from "@/lib/detections/sigma/types";
import { cannotExpress } from "./errors";
import { assertJsonTextContains, backendSource, leftOutWarning, mappedFields, type LogSourceId } from "./field-maps";
import type { SentinelField } from "./field-types";
import { documentedColumns } from "./sentinel-schema";
import {
  buildFilterExpression,
  combine,
  conjuncts,
  someLeaf,
  type FieldTest,
  type FilterExpression,
  type FilterLeaf,
} from "./filter-expression";
import { booleanValue, doubleQuoted, hasCasedLetters } from "./literals";
import { canMatchEmpty, toStandardRegex, wildcardToStandardRegex } from "./regex";

/**
 * Microsoft Sentinel KQL. String tests use KQL's case-insensitive operators (=~, in~, contains,
 * startswith, endswith), or the exact ones when the value has no letters; `matches regex` is RE2.
 * Missing string values are empty strings in Log Analytics, hence isempty()/isnotempty().
 */
export const sentinelConverter: BackendConverter = { language: "KQL", convert: convertToKql };

type Field = SentinelField & { sigmaName: string };

/**
 * Sigma keywords are text an event holds in any field: KQL tests every column of a row with `*`
 * (`where * contains "…"`, case-insensitive, as Sigma's keywords are).
 */
const KEYWORD_FIELD: Field = { kind: "column", expression: "*", type: "string", reads: "*", sigmaName: "keywords" };
type ColumnField = Extract<SentinelField, { kind: "column" }> & { sigmaName: string };
type ArrayLeaf = FilterLeaf<Field> & {
  field: Extract<SentinelField, { kind: "array-element" }> & { sigmaName: string };
};

function convertToKql(target: ConversionTarget, warnings: Set<string>, notes: Set<string>): string {
  const rule = ruleOf(target);
  const source = backendSource(rule.logSource, "sentinel");
  const columnsRead = new Set<string>();
  const resolveField = (name: string): Field[] =>
    mappedFields(rule.logSource, "sentinel", name, warnings).map((field) => {
      columnsRead.add(field.kind === "array-element" ? field.path[0].array : field.reads);
      return { ...field, sigmaName: name };
    });

  const filter = buildFilterExpression(rule.detection, {
    backend: "sentinel",
    resolveField,
    keywordField: KEYWORD_FIELD,
    leaveOut: { warningFor: (name) => leftOutWarning(rule.logSource, "sentinel", name), warnings },
  });
  const stages = [...(source.filter ? [`where ${source.filter}`] : []), ...filterStages(filter)];
  if (target.kind === "correlation") {
    const { correlation } = target;
    const countColumn = correlation.type === "event_count" ? "EventCount" : "ValueCount";
    const count =
      correlation.type === "event_count"
        ? "count()"
        : distinctCount(singleColumn(resolveField(correlation.valueField!), "value-count"));
    if (correlation.type === "value_count") notes.add(DISTINCT_COUNT_NOTE);
    const groups = correlation.groupBy.map((name) => groupByTerm(singleColumn(resolveField(name), "group-by")));
    const counts =
      target.minimumEvents === undefined
        ? `${countColumn} = ${count}`
        : `${countColumn} = ${count}, EventCount = count()`;
    if (target.lookBack) stages.unshift(`where TimeGenerated > ago(${correlation.timespan.text})`);
    const window = target.lookBack ? [] : [`bin(TimeGenerated, ${correlation.timespan.text})`];
    const by = [...groups, ...window];
    stages.push(`summarize ${counts}${by.length > 0 ? ` by ${by.join(", ")}` : ""}`);
    const minimum = target.minimumEvents === undefined ? "" : ` and EventCount >= ${target.minimumEvents}`;
    stages.push(`where ${countCondition(countColumn, correlation, "and")}${minimum}`);
  }
  if (target.kind === "new-terms") {
    const columns = target.fields.map((name) => singleColumn(resolveField(name), "new-terms"));
    stages.unshift(`where TimeGenerated > ago(${target.history.text})`);
    stages.push(
      `where ${columns.map((field) => `${field.type === "string" ? "isnotempty" : "isnotnull"}(${field.expression})`).join(" and ")}`,
    );
    stages.push(
      `summarize FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), Events = count() by ${columns.map(groupByTerm).join(", ")}`,
    );
    stages.push(`where FirstSeen > ago(${target.window.text})`);
  }
  return [tableExpression(source.tables, columnsRead), ...stages].join("\n| ");
}

/** A single column of the events a query reads, as KQL: its expression and its type. */
export type KqlColumn = { expression: string; type: "string" | "bool" | "number"; sigmaName: string };

/**
 * The events of a log source that meet `detection` (every event when null) as the lines of a KQL
 * query: the table, its filtering stages, then the stages `then` adds, which read single columns
 * through `column` (a field that is not one column is refused for `use`). The table is written
 * last, once every column the query reads is known.
 */
export function kqlEvents(
  logSource: LogSourceId,
  detection: SigmaDetection | null,
  warnings: Set<string>,
  then: (
    column: (sigmaField: string, use: CorrelationUse, caveats?: Set<string>) => KqlColumn,
    fields: (sigmaField: string, caveats?: Set<string>) => readonly (SentinelField & { sigmaName: string })[],
  ) => string[],
): string[] {
  const source = backendSource(logSource, "sentinel");
  const columnsRead = new Set<string>();
  const resolveField = (name: string, caveats = warnings): Field[] =>
    mappedFields(logSource, "sentinel", name, caveats).map((field) => {
      columnsRead.add(field.kind === "array-element" ? field.path[0].array : field.reads);
      return { ...field, sigmaName: name };
    });
  const filter =
    detection === null
      ? null
      : buildFilterExpression(detection, {
          backend: "sentinel",
          resolveField: (name) => resolveField(name),
          keywordField: KEYWORD_FIELD,
        });
  const stages = [...(source.filter ? [`where ${source.filter}`] : []), ...(filter ? filterStages(filter) : [])];
  stages.push(...then((name, use, caveats) => singleColumn(resolveField(name, caveats), use), resolveField));
  return [tableExpression(source.tables, columnsRead), ...stages];
}

/**
 * The table, or a union of tables. Where a member keeps as JSON text a column the first one has
 * as dynamic (AADNonInteractiveUserSignInLogs.DeviceDetail), that member converts it first:
 * a union of two types would split the column in two.
 */
function tableExpression(tables: readonly string[], columnsRead: ReadonlySet<string>): string {
  if (tables.length === 1) return tables[0];
  const types = tables.map(documentedColumns);
  const members = tables.map((table, index) => {
    const converted = [...columnsRead].filter(
      (name) =>
        types[index].get(name) === "string" && types.find((columns) => columns.has(name))?.get(name) === "dynamic",
    );
    return converted.length === 0
      ? table
      : `(${table} | extend ${converted.map((name) => `${name} = todynamic(${name})`).join(", ")})`;
  });
  return `union ${members.join(", ")}`;
}

/**
 * `where` for the filter, then one `mv-apply` per test on an array element (TargetResources…)
 * that every event must meet: such a test means "some element matches", a step of its own in KQL.
 * An array test under `not` or inside an `or` is first worked out per event into a column of its
 * own (`HasElement1`…), which the `where` then reads.
 */
function filterStages(filter: FilterExpression<Field>): string[] {
  const parts = conjuncts(filter);
  const arrayLeaves = parts.filter((part): part is ArrayLeaf => "field" in part && part.field.kind === "array-element");
  const others = parts.filter((part) => !arrayLeaves.includes(part as ArrayLeaf));
  const flags = new Map<ArrayLeaf, string>();
  for (const leaf of others.flatMap(nestedArrayLeaves)) flags.set(leaf, `HasElement${flags.size + 1}`);
  const stages = [...flags].map(([leaf, flag]) => arrayFlagStage(leaf, flag));
  if (others.length > 0) stages.push(`where ${render(combine("and", others), flags)}`);
  const elementColumns = new Set<string>();
  for (const leaf of arrayLeaves) {
    stages.push(arrayElementStage(leaf));
    for (const step of leaf.field.path) elementColumns.add(step.element);
  }
  const dropped = [...elementColumns, ...flags.values()];
  if (dropped.length > 0) stages.push(`project-away ${dropped.join(", ")}`);
  return stages;
}

function nestedArrayLeaves(expression: FilterExpression<Field>): ArrayLeaf[] {
  if (expression.kind === "and" || expression.kind === "or") return expression.operands.flatMap(nestedArrayLeaves);
  if (expression.kind === "not") return nestedArrayLeaves(expression.operand);
  return expression.field.kind === "array-element" ? [expression as ArrayLeaf] : [];
}

/**
 * `mv-apply` runs the subquery on each event's array elements and keeps the event if it returns
 * a row (`take 1` keeps one row per event). The array is passed through todynamic() because
 * mv-apply drops an input column it expands by name, and later steps may still need it.
 */
function arrayElementStage(leaf: ArrayLeaf): string {
  const { path } = leaf.field;
  let subquery = `where ${elementTest(leaf)}`;
  for (let depth = path.length - 1; depth >= 1; depth--) {
    subquery = `mv-apply ${path[depth].element} = ${path[depth - 1].element}.${path[depth].array} on (${subquery})`;
  }
  return `mv-apply ${path[0].element} = todynamic(${path[0].array}) on (${subquery} | take 1)`;
}

/**
 * Whether some element matches, as a column of every event: each level counts its matching
 * elements. An empty or missing array is read as one null element, so that the event is kept
 * (with false) rather than dropped by the expansion.
 */
function arrayFlagStage(leaf: ArrayLeaf, flag: string): string {
  const { path } = leaf.field;
  const orOneNull = (array: string) => `iff(array_length(${array}) > 0, ${array}, dynamic([null]))`;
  let subquery = `summarize ${flag} = countif(${elementTest(leaf)}) > 0`;
  for (let depth = path.length - 1; depth >= 1; depth--) {
    subquery = `mv-apply ${path[depth].element} = ${orOneNull(`${path[depth - 1].element}.${path[depth].array}`)} on (${subquery}) | summarize ${flag} = countif(${flag}) > 0`;
  }
  return `mv-apply ${path[0].element} = ${orOneNull(`todynamic(${path[0].array})`)} on (${subquery})`;
}

/** The leaf's test on one element; refused where an empty value (a missing element) would pass it. */
function elementTest(leaf: ArrayLeaf): string {
  const { path, property, sigmaName } = leaf.field;
  if (leaf.kind === "absent" || matchesEmptyValue(leaf)) {
    throw cannotExpress(
      "sentinel",
      sigmaName,
      `a test on '${sigmaName}' that an empty value passes`,
      "it cannot be told apart from an array with no elements",
    );
  }
  const innermost = path.at(-1)!.element;
  return renderTest(leaf, {
    kind: "column",
    // An empty property: the elements are the values themselves (a list of names).
    expression: property === "" ? `tostring(${innermost})` : `tostring(${innermost}.${property})`,
    type: "string",
    reads: innermost,
    sigmaName,
  });
}

function matchesEmptyValue(test: FieldTest): boolean {
  if (test.kind === "equals") return String(test.value) === "";
  if (test.kind === "one-of") return test.values.some((value) => String(value) === "");
  if (test.kind === "regex") return canMatchEmpty(test.regex.pattern);
  return false;
}

/** The filter as a `where` condition; `flags` names the column that holds each array test's result. */
function render(expression: FilterExpression<Field>, flags: ReadonlyMap<ArrayLeaf, string>): string {
  switch (expression.kind) {
    case "and":
    case "or":
      return expression.operands
        .map((operand) =>
          operand.kind === "and" || operand.kind === "or" ? `(${render(operand, flags)})` : render(operand, flags),
        )
        .join(` ${expression.kind} `);
    case "not": {
      const operand = expression.operand;
      if ((operand.kind === "present" || operand.kind === "absent") && operand.field.kind !== "array-element") {
        return renderLeaf({ ...operand, kind: operand.kind === "present" ? "absent" : "present" }, flags);
      }
      // ipv4_is_in_range() is null for a value that is not an IPv4 address, a comparison is null
      // for a missing or non-numeric value, and not(null) is null.
      const inner = render(operand, flags);
      return someLeaf(operand, (leaf) => leaf.kind === "cidr" || leaf.kind === "compare")
        ? `not(coalesce(${inner}, false))`
        : `not(${inner})`;
    }
    default:
      return renderLeaf(expression, flags);
  }
}

function renderLeaf(leaf: FilterLeaf<Field>, flags: ReadonlyMap<ArrayLeaf, string>): string {
  const field = leaf.field;
  if (field.kind === "json-text") {
    // A list kept as JSON text is empty when it is missing, empty text, or the empty list "[]".
    if (leaf.kind === "present") return `(isnotempty(${field.expression}) and ${field.expression} != "[]")`;
    if (leaf.kind === "absent") return `(isempty(${field.expression}) or ${field.expression} == "[]")`;
    const text = assertJsonTextContains(leaf, field.sigmaName, "sentinel");
    return `${field.expression} ${leaf.kind === "text" && leaf.cased && hasCasedLetters(text) ? "contains_cs" : "contains"} ${doubleQuoted(text)}`;
  }
  if (field.kind === "array-element") return flags.get(leaf as ArrayLeaf)!;
  return renderTest(leaf, field);
}

function renderTest(test: FieldTest, field: ColumnField): string {
  const { expression, type, sigmaName } = field;
  if (type === "bool") return renderBooleanTest(test, expression, sigmaName);
  if (type === "number") return renderNumberTest(test, field);
  switch (test.kind) {
    case "equals": {
      const value = String(test.value);
      return `${expression} ${hasCasedLetters(value) && !test.cased ? "=~" : "=="} ${doubleQuoted(value)}`;
    }
    case "one-of": {
      const values = test.values.map(String);
      const folded = values.some(hasCasedLetters) && !test.cased;
      return `${expression} ${folded ? "in~" : "in"} (${values.map(doubleQuoted).join(", ")})`;
    }
    case "text":
      return `${expression} ${test.position}${test.cased && hasCasedLetters(test.text) ? "_cs" : ""} ${doubleQuoted(test.text)}`;
    case "wildcard":
      return `${expression} matches regex ${doubleQuoted(wildcardToStandardRegex(test.parts, "re2", test.cased))}`;
    case "regex":
      return `${expression} matches regex ${doubleQuoted(toStandardRegex(test.regex))}`;
    case "cidr":
      return `ipv${test.version}_is_in_range(${expression}, ${doubleQuoted(test.range)})`;
    case "compare":
      return `toreal(${expression}) ${COMPARISON_SYMBOLS[test.operator]} ${test.value}`;
    case "present":
      return `isnotempty(${expression})`;
    case "absent":
      return `isempty(${expression})`;
  }
}

/** A numeric column: numbers compared as numbers, text tests on its text. */
function renderNumberTest(test: FieldTest, field: ColumnField): string {
  const { expression, sigmaName } = field;
  const number = (value: string | number | boolean) => {
    if (typeof value === "number" || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())))
      return String(value).trim();
    throw cannotExpress(
      "sentinel",
      sigmaName,
      `the value ${JSON.stringify(value)} for the numeric field '${sigmaName}'`,
      "it holds numbers, so it can never equal that value",
    );
  };
  switch (test.kind) {
    case "equals":
      return `${expression} == ${number(test.value)}`;
    case "one-of":
      return `${expression} in (${test.values.map(number).join(", ")})`;
    case "compare":
      return `${expression} ${COMPARISON_SYMBOLS[test.operator]} ${test.value}`;
    case "present":
      return `isnotnull(${expression})`;
    case "absent":
      return `isnull(${expression})`;
    default:
      return renderTest(test, { ...field, expression: `tostring(${expression})`, type: "string" });
  }
}

function renderBooleanTest(test: FieldTest, expression: string, sigmaName: string): string {
  if (test.kind === "present") return `isnotnull(${expression})`;
  if (test.kind === "absent") return `isnull(${expression})`;
  const value = test.kind === "equals" ? booleanValue(test.value) : null;
  if (value === null)
    throw cannotExpress(
      "sentinel",
      sigmaName,
      `this test on the boolean field '${sigmaName}'`,
      "only true, false and exists apply to it",
    );
  return `${expression} == ${value}`;
}

function singleColumn(fields: Field[], use: CorrelationUse): ColumnField {
  const [field] = fields;
  if (fields.length !== 1 || field.kind !== "column")
    throw correlationFieldError("sentinel", field.sigmaName, use, "it is not a single column");
  return field;
}

/** Empty strings are how Log Analytics stores a missing string; they are not a value to count. */
function distinctCount(field: ColumnField): string {
  return `dcountif(${field.expression}, ${field.type === "string" ? "isnotempty" : "isnotnull"}(${field.expression}))`;
}

function groupByTerm(field: ColumnField): string {
  return /^\w+$/.test(field.expression)
    ? field.expression
    : `${field.sigmaName.replace(/\W/g, "_")} = ${field.expression}`;
}
