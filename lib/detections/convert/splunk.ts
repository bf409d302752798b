import {
  COMPARISON_SYMBOLS,
  correlationFieldError,
  countCondition,
  ruleOf,
  type BackendConverter,
  type ConversionTarget,
  type CorrelationUse,
} from "./conversion-target";
import type { SigmaDetection } from "@/lib/detections/sigma/types";
import { cannotExpress } from "./errors";
import { assertJsonTextContains, backendSource, leftOutWarning, mappedFields, type LogSourceId } from "./field-maps";
import type { SplunkField } from "./field-types";
import {
  buildFilterExpression,
  combine,
  conjuncts,
  someLeaf,
  type FieldTest,
  type FilterExpression,
  type FilterLeaf,
} from "./filter-expression";
import { hasCasedLetters } from "./literals";
import { escapeStandardText, toStandardRegex, wildcardToStandardRegex } from "./regex";

/**
 * Splunk SPL. Conditions go into the search itself wherever its syntax can state them (field
 * values there are matched case-insensitively, `*` is a wildcard, CIDR ranges match IP values, and
 * a list field matches if any of its values does). Search syntax has no regular expressions, no
 * one-character wildcard and no way to write a literal `*`; a top-level condition that needs one
 * of those becomes a `where` clause, in which values are compared case-sensitively, so they are
 * lower-cased or matched with (?i).
 */
export const splunkConverter: BackendConverter = { language: "SPL", convert: convertToSpl };

type Field = SplunkField & { sigmaName: string };

/**
 * Sigma keywords are text an event holds in any field: the event's raw text, matched with where
 * and match(), since search syntax matches whole terms of it rather than any text it contains.
 */
const KEYWORD_FIELD: Field = { name: "_raw", sigmaName: "keywords" };

function convertToSpl(target: ConversionTarget, warnings: Set<string>): string {
  const rule = ruleOf(target);
  const { baseSearch } = backendSource(rule.logSource, "splunk");
  const resolveField = (name: string): Field[] =>
    mappedFields(rule.logSource, "splunk", name, warnings).map((field) => ({ ...field, sigmaName: name }));

  const filter = buildFilterExpression(rule.detection, {
    backend: "splunk",
    resolveField,
    keywordField: KEYWORD_FIELD,
    leaveOut: { warningFor: (name) => leftOutWarning(rule.logSource, "splunk", name), warnings },
  });
  const extractionsOf = (names: readonly (string | null)[]) =>
    names.flatMap((name) => (name === null ? [] : resolveField(name).flatMap((field) => field.extraction ?? [])));
  const search =
    target.kind === "new-terms"
      ? `${baseSearch} earliest=-${target.history.text}`
      : target.kind === "correlation" && target.lookBack
        ? `${baseSearch} earliest=-${target.correlation.timespan.text}`
        : baseSearch;
  const commands = filterCommands(search, conjuncts(filter));
  if (target.kind === "correlation") {
    const { correlation } = target;
    const countColumn = correlation.type === "event_count" ? "event_count" : "value_count";
    const count =
      correlation.type === "event_count"
        ? "count"
        : `dc(${statsField(resolveField(correlation.valueField!), "value-count")})`;
    const groups = correlation.groupBy.map((name) => statsField(resolveField(name), "group-by"));
    const counts =
      target.minimumEvents === undefined
        ? `${count} as ${countColumn}`
        : `${count} as ${countColumn}, count as event_count`;
    for (const extraction of extractionsOf([...correlation.groupBy, correlation.valueField]))
      if (!commands.includes(extraction)) commands.push(extraction);
    if (!target.lookBack) commands.push(`bin _time span=${correlation.timespan.text}`);
    const by = target.lookBack ? groups : [...groups, "_time"];
    commands.push(`stats ${counts}${by.length > 0 ? ` by ${by.join(", ")}` : ""}`);
    const minimum = target.minimumEvents === undefined ? "" : ` AND event_count >= ${target.minimumEvents}`;
    commands.push(`where ${countCondition(countColumn, correlation, "AND")}${minimum}`);
  }
  if (target.kind === "new-terms") {
    const fields = target.fields.map((name) => statsField(resolveField(name), "new-terms"));
    for (const extraction of extractionsOf(target.fields))
      if (!commands.includes(extraction)) commands.push(extraction);
    commands.push(`stats min(_time) as first_seen, max(_time) as last_seen, count as events by ${fields.join(", ")}`);
    commands.push(`where first_seen >= relative_time(now(), "-${target.window.text}")`);
  }
  return commands.join("\n| ");
}

/** The events of a log source that meet a detection, as Splunk reads them in a query of several sources. */
export type SplEvents = {
  baseSearch: string;
  /** The commands that extract fields the condition or `field` reads; `field` adds to them. */
  extractions: string[];
  /** The detection as an eval expression (for where, if(), searchmatch's companions); null: every event. */
  condition: string | null;
  /** The field a Sigma field stands for, as one value; refused for `use` otherwise. */
  field(sigmaField: string, use: CorrelationUse, caveats?: Set<string>): string;
  /** Every field a Sigma field stands for, as the field table gives them. */
  fields(sigmaField: string, caveats?: Set<string>): readonly (SplunkField & { sigmaName: string })[];
};

export function splEvents(logSource: LogSourceId, detection: SigmaDetection | null, warnings: Set<string>): SplEvents {
  const { baseSearch } = backendSource(logSource, "splunk");
  const resolveField = (name: string, caveats = warnings): Field[] =>
    mappedFields(logSource, "splunk", name, caveats).map((field) => ({ ...field, sigmaName: name }));
  const filter =
    detection === null
      ? null
      : buildFilterExpression(detection, {
          backend: "splunk",
          resolveField: (name) => resolveField(name),
          keywordField: KEYWORD_FIELD,
        });
  const extractions = [
    ...new Set(filter === null ? [] : leavesOf(filter).flatMap((leaf) => leaf.field.extraction ?? [])),
  ];
  const extract = (fields: readonly Field[]) => {
    for (const field of fields)
      if (field.extraction && !extractions.includes(field.extraction)) extractions.push(field.extraction);
  };
  return {
    baseSearch,
    extractions,
    condition: filter === null ? null : renderWhere(filter, false),
    field(sigmaField, use, caveats) {
      const fields = resolveField(sigmaField, caveats);
      const name = statsField(fields, use);
      extract(fields);
      return name;
    },
    fields(sigmaField, caveats) {
      const fields = resolveField(sigmaField, caveats);
      extract(fields);
      return fields;
    },
  };
}

/** A field name as eval reads it: in single quotes, which every name with dots or braces needs. */
export function evalField(name: string): string {
  return `'${name}'`;
}

/**
 * The base search with every top-level condition search syntax can state on search-time fields;
 * then the commands that extract the other fields and a `search` on them; then one `where` for
 * the conditions search syntax cannot state.
 */
function filterCommands(baseSearch: string, parts: FilterExpression<Field>[]): string[] {
  const needsExtraction = (part: FilterExpression<Field>) =>
    someLeaf(part, (leaf) => leaf.field.extraction !== undefined);
  const searchParts = parts.filter(isSearchExpressible);
  const whereParts = parts.filter((part) => !searchParts.includes(part));
  const extractedParts = searchParts.filter(needsExtraction);
  // A case-sensitive test narrows the search by its case-insensitive form first, which holds for
  // every event it keeps (not under a negation, where it would drop some).
  const narrowing = whereParts
    .filter((part) => !hasNot(part) && !needsExtraction(part))
    .map(uncased)
    .filter(isSearchExpressible);

  const commands = [
    [
      baseSearch,
      ...searchParts.filter((part) => !needsExtraction(part)).map(renderSearchOperand),
      ...narrowing.map(renderSearchOperand),
    ].join(" "),
  ];
  commands.push(
    ...new Set(
      parts.flatMap((part) => leavesOf(part).flatMap((leaf) => (leaf.field.extraction ? [leaf.field.extraction] : []))),
    ),
  );
  if (extractedParts.length > 0) commands.push(`search ${extractedParts.map(renderSearchOperand).join(" ")}`);
  if (whereParts.length > 0) commands.push(`where ${renderWhere(combine("and", whereParts), false)}`);
  return commands;
}

function statsField(fields: Field[], use: CorrelationUse): string {
  const [field] = fields;
  if (fields.length !== 1 || field.multivalue) {
    throw correlationFieldError(
      "splunk",
      field.sigmaName,
      use,
      fields.length !== 1 ? "it stands for several fields" : "it holds a list of values",
    );
  }
  return field.name;
}

function leavesOf(expression: FilterExpression<Field>): FilterLeaf<Field>[] {
  if (expression.kind === "and" || expression.kind === "or") return expression.operands.flatMap(leavesOf);
  if (expression.kind === "not") return leavesOf(expression.operand);
  return [expression];
}

// ---------------------------------------------------------------------------------------------
// Search syntax

function isSearchExpressible(expression: FilterExpression<Field>): boolean {
  return !someLeaf(expression, (leaf) => searchTerm(leaf) === null);
}

function renderSearch(expression: FilterExpression<Field>): string {
  switch (expression.kind) {
    case "and":
      return expression.operands.map(renderSearchOperand).join(" ");
    case "or":
      return expression.operands.map(renderSearchOperand).join(" OR ");
    case "not": {
      const operand = expression.operand;
      if (operand.kind === "absent") return searchTerm({ ...operand, kind: "present" })!;
      return `NOT ${renderSearchOperand(operand)}`;
    }
    default:
      return searchTerm(expression)!;
  }
}

/**
 * Search syntax evaluates OR before AND (`a b OR c` is `a (b OR c)`), so every nested AND or OR
 * is parenthesised rather than left to precedence.
 */
function renderSearchOperand(expression: FilterExpression<Field>): string {
  return expression.kind === "and" || expression.kind === "or"
    ? `(${renderSearch(expression)})`
    : renderSearch(expression);
}

/** The leaf in search syntax, or null when search syntax cannot state it. */
function searchTerm(leaf: FilterLeaf<Field>): string | null {
  const { name } = leaf.field;
  // Search syntax compares text without regard to case; a case-sensitive test needs `where`.
  if (isCasedText(leaf) || leaf.field === KEYWORD_FIELD) return null;
  if (leaf.field.jsonText) {
    const text = assertJsonTextContains(leaf, leaf.field.sigmaName, "splunk");
    return text.includes("*") ? null : `${name}=${splString(`*${text}*`, leaf.field)}`;
  }
  switch (leaf.kind) {
    case "equals":
      if (typeof leaf.value === "string")
        return isSearchable(leaf.value) ? `${name}=${splString(leaf.value, leaf.field)}` : null;
      return `${name}=${leaf.value}`;
    case "one-of":
      if (!leaf.values.every((value) => isSearchable(String(value)))) return null;
      return `${name} IN (${leaf.values.map((value) => (typeof value === "number" ? String(value) : splString(value, leaf.field))).join(", ")})`;
    case "text": {
      if (leaf.text.includes("*")) return null;
      const pattern =
        leaf.position === "contains"
          ? `*${leaf.text}*`
          : leaf.position === "startswith"
            ? `${leaf.text}*`
            : `*${leaf.text}`;
      return `${name}=${splString(pattern, leaf.field)}`;
    }
    case "wildcard": {
      const expressible = leaf.parts.every((part) =>
        part.kind === "wildcard" ? part.wildcard === "*" : !part.text.includes("*"),
      );
      return expressible
        ? `${name}=${splString(leaf.parts.map((part) => (part.kind === "text" ? part.text : "*")).join(""), leaf.field)}`
        : null;
    }
    case "regex":
      return null;
    case "cidr":
      return `${name}=${splString(leaf.range, leaf.field)}`;
    case "compare":
      return `${name}${COMPARISON_SYMBOLS[leaf.operator]}${leaf.value}`;
    case "present":
      return `${name}=*`;
    case "absent":
      return `NOT ${name}=*`;
  }
}

function isCasedText(test: FieldTest): boolean {
  switch (test.kind) {
    case "equals":
      return test.cased === true && typeof test.value === "string" && hasCasedLetters(test.value);
    case "one-of":
      return test.cased === true && test.values.some((value) => typeof value === "string" && hasCasedLetters(value));
    case "text":
      return test.cased === true && hasCasedLetters(test.text);
    case "wildcard":
      return test.cased === true && test.parts.some((part) => part.kind === "text" && hasCasedLetters(part.text));
    default:
      return false;
  }
}

/** The expression with every test compared without regard to case: a superset where no `not` applies. */
function uncased(expression: FilterExpression<Field>): FilterExpression<Field> {
  if (expression.kind === "and" || expression.kind === "or")
    return { kind: expression.kind, operands: expression.operands.map(uncased) };
  if (expression.kind === "not") return { kind: "not", operand: uncased(expression.operand) };
  if (!("cased" in expression) || expression.cased === undefined) return expression;
  const copy = { ...expression };
  delete copy.cased;
  return copy;
}

function hasNot(expression: FilterExpression<Field>): boolean {
  if (expression.kind === "not") return true;
  if (expression.kind === "and" || expression.kind === "or") return expression.operands.some(hasNot);
  return false;
}

/** Search syntax cannot write a literal `*`, and does not match a field whose value is empty. */
function isSearchable(value: string): boolean {
  return value !== "" && !value.includes("*");
}

/**
 * A double-quoted SPL string, in search and in eval alike: a backslash and a double quote are
 * escaped with a backslash (in search strings `*` stays a wildcard: there is no escape for it).
 */
function splString(text: string, field: Field): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
  if (/[\u0000-\u001f]/.test(text)) {
    throw cannotExpress(
      "splunk",
      field.sigmaName,
      `a line break or other control character in a value of '${field.sigmaName}'`,
      "SPL strings have no escape for them",
    );
  }
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}

// ---------------------------------------------------------------------------------------------
// where syntax (eval expressions)

/**
 * `where` drops an event when a test on a missing field is null, and NOT null is null too. So
 * negations are pushed down to the tests, and a negated test also holds when the field is
 * missing, as it does in Sigma.
 */
function renderWhere(expression: FilterExpression<Field>, negated: boolean): string {
  switch (expression.kind) {
    case "and":
    case "or": {
      const joiner = (expression.kind === "and") !== negated ? " AND " : " OR ";
      return expression.operands
        .map((operand) =>
          operand.kind === "and" || operand.kind === "or"
            ? `(${renderWhere(operand, negated)})`
            : renderWhere(operand, negated),
        )
        .join(joiner);
    }
    case "not":
      return renderWhere(expression.operand, !negated);
    default: {
      const field = `'${expression.field.name}'`;
      if (expression.kind === "present") return negated ? `isnull(${field})` : `isnotnull(${field})`;
      if (expression.kind === "absent") return negated ? `isnotnull(${field})` : `isnull(${field})`;
      const test = whereTest(expression, field);
      return negated ? `(isnull(${field}) OR NOT (${test}))` : test;
    }
  }
}

function whereTest(leaf: Exclude<FilterLeaf<Field>, { kind: "present" | "absent" }>, field: string): string {
  const quote = (text: string) => splString(text, leaf.field);
  if (leaf.field.multivalue || leaf.field.jsonText) return `isnotnull(mvfind(${field}, ${quote(valueRegex(leaf))}))`;
  switch (leaf.kind) {
    case "equals": {
      if (typeof leaf.value === "number") return `${field}==${leaf.value}`;
      const text = String(leaf.value);
      return hasCasedLetters(text) && !leaf.cased
        ? `lower(${field})==${quote(text.toLowerCase())}`
        : `${field}==${quote(text)}`;
    }
    case "one-of": {
      const folded = !leaf.cased && leaf.values.some((value) => typeof value === "string" && hasCasedLetters(value));
      const values = leaf.values.map((value) =>
        typeof value === "number" ? String(value) : quote(folded ? value.toLowerCase() : value),
      );
      return `in(${folded ? `lower(${field})` : field}, ${values.join(", ")})`;
    }
    case "text":
    case "wildcard":
      return `match(${field}, ${quote(valueRegex(leaf))})`;
    case "regex":
      return `match(${field}, ${quote(toStandardRegex(leaf.regex))})`;
    case "cidr":
      return `cidrmatch(${quote(leaf.range)}, ${field})`;
    case "compare":
      return `tonumber(${field}) ${COMPARISON_SYMBOLS[leaf.operator]} ${leaf.value}`;
  }
}

/**
 * A text test as a PCRE pattern, for match() and for mvfind(), which finds the first value of a
 * list that the pattern matches (so a test on a list holds if it holds for any of its values).
 */
function valueRegex(leaf: Exclude<FilterLeaf<Field>, { kind: "present" | "absent" }>): string {
  const fold = (...texts: string[]) => (!("cased" in leaf && leaf.cased) && texts.some(hasCasedLetters) ? "(?i)" : "");
  switch (leaf.kind) {
    case "equals": {
      const text = String(leaf.value);
      return `${fold(text)}^${escapeStandardText(text)}\\z`;
    }
    case "one-of": {
      const texts = leaf.values.map(String);
      return `${fold(...texts)}^(?:${texts.map(escapeStandardText).join("|")})\\z`;
    }
    case "text": {
      const body = escapeStandardText(leaf.text);
      const anchored = leaf.position === "startswith" ? `^${body}` : leaf.position === "endswith" ? `${body}\\z` : body;
      return `${fold(leaf.text)}${anchored}`;
    }
    case "wildcard":
      return wildcardToStandardRegex(leaf.parts, "pcre", leaf.cased);
    case "regex":
      return toStandardRegex(leaf.regex);
    case "cidr":
    case "compare":
      throw cannotExpress(
        "splunk",
        leaf.field.sigmaName,
        `a '${leaf.kind}' test on the list field '${leaf.field.sigmaName}' in a condition that needs Splunk's where command`,
        "where tests the values of a list only by a regular expression",
      );
  }
}
