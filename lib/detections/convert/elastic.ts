import type { SigmaStringPart, SigmaTimespan } from "@/lib/detections/sigma/types";
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
import { cannotExpress } from "./errors";
import { assertJsonTextContains, backendSource, leftOutWarning, mappedFields } from "./field-maps";
import type { ElasticField } from "./field-types";
import {
  buildFilterExpression,
  someLeaf,
  type FieldTest,
  type FilterExpression,
  type FilterLeaf,
} from "./filter-expression";
import { booleanValue, doubleQuoted, hasCasedLetters } from "./literals";
import { toLuceneRegex } from "./regex";

/**
 * Elastic ES|QL on the Azure Logs integration. ES|QL string comparisons are case-sensitive, so a
 * test whose value has letters compares TO_LOWER(field) with the lower-cased value, which is
 * exactly Sigma's case-insensitive match. Comparisons with a missing field are null in ES|QL, and
 * NOT null is null, so a negation is taken of COALESCE(…, FALSE) to keep Sigma's "a missing field
 * does not match" under `not`.
 */
export const elasticConverter: BackendConverter = { language: "ES|QL", convert: convertToEsql };

type Field = ElasticField & { sigmaName: string };

const TIMESPAN_UNIT_WORDS = { s: "second", m: "minute", h: "hour", d: "day" } as const;

function convertToEsql(target: ConversionTarget, warnings: Set<string>, notes: Set<string>): string {
  const rule = ruleOf(target);
  const { index, filter: sourceFilter } = backendSource(rule.logSource, "elastic");
  const resolveField = (name: string): Field[] =>
    mappedFields(rule.logSource, "elastic", name, warnings).map((field) => ({ ...field, sigmaName: name }));

  const filter = buildFilterExpression(rule.detection, {
    backend: "elastic",
    resolveField,
    leaveOut: { warningFor: (name) => leftOutWarning(rule.logSource, "elastic", name), warnings },
  });
  const renderer = new EsqlRenderer(warnings);
  const condition = sourceFilter ? `${sourceFilter} AND ${renderer.operand(filter, "and")}` : renderer.render(filter);
  const commands = [`FROM ${index}`, `WHERE ${condition}`];
  if (target.kind === "correlation") {
    const { correlation } = target;
    const countColumn = correlation.type === "event_count" ? "event_count" : "value_count";
    const count =
      correlation.type === "event_count"
        ? "COUNT(*)"
        : `COUNT_DISTINCT(${singleField(resolveField(correlation.valueField!), "value-count").name})`;
    if (correlation.type === "value_count") notes.add(DISTINCT_COUNT_NOTE);
    const groups = correlation.groupBy.map((name) => singleField(resolveField(name), "group-by").name);
    const counts =
      target.minimumEvents === undefined
        ? `${countColumn} = ${count}`
        : `${countColumn} = ${count}, event_count = COUNT(*)`;
    if (target.lookBack)
      commands[1] = `WHERE @timestamp > NOW() - ${spanOf(correlation.timespan)} AND ${renderer.operand(filter, "and")}${sourceFilter ? ` AND ${sourceFilter}` : ""}`;
    const window = target.lookBack ? [] : [`bucket = BUCKET(@timestamp, ${spanOf(correlation.timespan)})`];
    const by = [...groups, ...window];
    commands.push(`STATS ${counts}${by.length > 0 ? ` BY ${by.join(", ")}` : ""}`);
    const minimum = target.minimumEvents === undefined ? "" : ` AND event_count >= ${target.minimumEvents}`;
    commands.push(`WHERE ${countCondition(countColumn, correlation, "AND")}${minimum}`);
  }
  if (target.kind === "new-terms") {
    const fields = target.fields.map((name) => singleField(resolveField(name), "new-terms").name);
    commands[1] = `WHERE @timestamp > NOW() - ${spanOf(target.history)} AND ${renderer.operand(filter, "and")}${sourceFilter ? ` AND ${sourceFilter}` : ""}`;
    commands.push(`WHERE ${fields.map((name) => `${name} IS NOT NULL`).join(" AND ")}`);
    commands.push(
      `STATS first_seen = MIN(@timestamp), last_seen = MAX(@timestamp), events = COUNT(*) BY ${fields.join(", ")}`,
    );
    commands.push(`WHERE first_seen > NOW() - ${spanOf(target.window)}`);
  }
  return commands.join("\n| ");
}

function spanOf(timespan: SigmaTimespan): string {
  return `${timespan.amount} ${TIMESPAN_UNIT_WORDS[timespan.unit]}${timespan.amount === 1 ? "" : "s"}`;
}

function singleField(fields: Field[], use: CorrelationUse): Field {
  if (fields.length !== 1)
    throw correlationFieldError("elastic", fields[0].sigmaName, use, "it stands for several fields");
  if (fields[0].list) throw correlationFieldError("elastic", fields[0].sigmaName, use, "it holds a list of values");
  return fields[0];
}

class EsqlRenderer {
  constructor(private readonly warnings: Set<string>) {}

  render(expression: FilterExpression<Field>): string {
    switch (expression.kind) {
      case "and":
      case "or":
        return expression.operands
          .map((operand) => this.operand(operand, expression.kind))
          .join(` ${expression.kind.toUpperCase()} `);
      case "not": {
        const inner = expression.operand;
        if (inner.kind === "present" || inner.kind === "absent")
          return this.leaf({ ...inner, kind: inner.kind === "present" ? "absent" : "present" });
        if (isNullSafe(inner)) return `NOT (${this.render(inner)})`;
        return `NOT COALESCE(${this.render(inner)}, FALSE)`;
      }
      default:
        return this.leaf(expression);
    }
  }

  /** An operand of AND, OR or NOT, in parentheses when it is itself AND or OR. */
  operand(expression: FilterExpression<Field>, parent: "and" | "or" | "not"): string {
    const compound = expression.kind === "and" || expression.kind === "or";
    return compound && !(parent === expression.kind) ? `(${this.render(expression)})` : this.render(expression);
  }

  private leaf(leaf: FilterLeaf<Field>): string {
    const field = leaf.field;
    if (field.list) return this.listLeaf(leaf);
    switch (leaf.kind) {
      case "present":
        return `${field.name} IS NOT NULL`;
      case "absent":
        return `${field.name} IS NULL`;
      case "equals":
        return this.equals(field, leaf.value, leaf.cased);
      case "one-of":
        return this.oneOf(field, leaf.values, leaf.cased);
      case "text": {
        const parts: SigmaStringPart[] = [{ kind: "text", text: leaf.text }];
        const star: SigmaStringPart = { kind: "wildcard", wildcard: "*" };
        const positioned =
          leaf.position === "contains"
            ? [star, ...parts, star]
            : leaf.position === "startswith"
              ? [...parts, star]
              : [star, ...parts];
        return this.like(field, positioned, leaf);
      }
      case "wildcard":
        return this.like(field, leaf.parts, leaf);
      case "regex": {
        const { pattern, warnings } = toLuceneRegex(leaf.regex, "elastic");
        for (const warning of warnings) this.warnings.add(warning);
        const subject = leaf.regex.flags.caseInsensitive ? `TO_LOWER(${asString(field, leaf)})` : asString(field, leaf);
        return `${subject} RLIKE ${doubleQuoted(pattern)}`;
      }
      case "cidr":
        if (field.type === "ip") return `CIDR_MATCH(${field.name}, ${doubleQuoted(leaf.range)})`;
        if (field.type === "keyword") return `CIDR_MATCH(TO_IP(${field.name}), ${doubleQuoted(leaf.range)})`;
        throw unsupportedTest(field, leaf);
      case "compare":
        if (field.type === "long") return `${field.name} ${COMPARISON_SYMBOLS[leaf.operator]} ${leaf.value}`;
        if (field.type === "keyword")
          return `TO_DOUBLE(${field.name}) ${COMPARISON_SYMBOLS[leaf.operator]} ${leaf.value}`;
        throw unsupportedTest(field, leaf);
    }
  }

  /**
   * A list field: ES|QL compares a list as a whole (a comparison with a list is null), so the
   * values are joined into one text, which is matched for what it contains, as Sentinel matches
   * the list's JSON text.
   */
  private listLeaf(leaf: FilterLeaf<Field>): string {
    const field = leaf.field;
    if (leaf.kind === "present") return `${field.name} IS NOT NULL`;
    if (leaf.kind === "absent") return `${field.name} IS NULL`;
    const text = assertJsonTextContains(leaf, field.sigmaName, "elastic");
    if (text.includes(","))
      throw cannotExpress(
        "elastic",
        field.sigmaName,
        `a comma in a value of the list field '${field.sigmaName}'`,
        "its values are joined with commas",
      );
    const star: SigmaStringPart = { kind: "wildcard", wildcard: "*" };
    return this.like({ ...field, name: `MV_CONCAT(${field.name}, ",")` }, [star, { kind: "text", text }, star], leaf);
  }

  private equals(field: Field, value: string | number | boolean, cased?: true): string {
    if (field.type === "boolean") {
      const flag = booleanValue(value);
      if (flag === null) throw unsupportedTest(field, { kind: "equals", value });
      return `${field.name} == ${flag}`;
    }
    if (field.type === "keyword") {
      const text = String(value);
      return hasCasedLetters(text) && !cased
        ? `TO_LOWER(${field.name}) == ${doubleQuoted(text.toLowerCase())}`
        : `${field.name} == ${doubleQuoted(text)}`;
    }
    if (typeof value === "boolean") throw unsupportedTest(field, { kind: "equals", value });
    return `${field.name} == ${typedLiteral(field, value)}`;
  }

  private oneOf(field: Field, values: (string | number)[], cased?: true): string {
    if (field.type === "boolean") throw unsupportedTest(field, { kind: "one-of", values });
    if (field.type === "keyword") {
      const texts = values.map(String);
      const folded = !cased && texts.some(hasCasedLetters);
      const list = texts.map((text) => doubleQuoted(folded ? text.toLowerCase() : text)).join(", ");
      return `${folded ? `TO_LOWER(${field.name})` : field.name} IN (${list})`;
    }
    return `${field.name} IN (${values.map((value) => typedLiteral(field, value)).join(", ")})`;
  }

  /** LIKE: `*` and `?` are its wildcards; a literal `*`, `?` or `\` is escaped with `\`. */
  private like(field: Field, parts: SigmaStringPart[], test: FieldTest): string {
    const cased = "cased" in test && test.cased === true;
    const folded = !cased && parts.some((part) => part.kind === "text" && hasCasedLetters(part.text));
    const pattern = parts
      .map((part) =>
        part.kind === "wildcard"
          ? part.wildcard
          : (folded ? part.text.toLowerCase() : part.text).replace(/[\\*?]/g, "\\$&"),
      )
      .join("");
    const subject = asString(field, test);
    return `${folded ? `TO_LOWER(${subject})` : subject} LIKE ${doubleQuoted(pattern)}`;
  }
}

/** The field as text for LIKE and RLIKE, which only take strings. */
function asString(field: Field, test: FieldTest): string {
  if (field.type === "keyword") return field.name;
  if (field.type === "boolean") throw unsupportedTest(field, test);
  return `TO_STRING(${field.name})`;
}

/** A value as a literal of the field's type: a number for long fields, TO_IP("…") for ip fields. */
function typedLiteral(field: Field, value: string | number): string {
  const text = String(value).trim();
  if (field.type === "long" && /^-?\d+$/.test(text)) return text;
  if (field.type === "ip" && isIpAddress(text)) return `TO_IP(${doubleQuoted(text)})`;
  throw cannotExpress(
    "elastic",
    field.sigmaName,
    `the value '${value}' for the field '${field.sigmaName}'`,
    `${field.name} holds ${field.type === "ip" ? "IP addresses" : "whole numbers"}, so it can never equal that value`,
  );
}

function isIpAddress(text: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text)) return true;
  if (!text.includes(":")) return false;
  try {
    return new URL(`http://[${text}]/`).hostname !== "";
  } catch {
    return false;
  }
}

function unsupportedTest(field: Field, test: FieldTest) {
  return cannotExpress(
    "elastic",
    field.sigmaName,
    `a '${test.kind}' test on the ${field.type} field '${field.sigmaName}'`,
    `${field.name} is a ${field.type} field`,
  );
}

/** Expressions that are never null: IS NULL / IS NOT NULL, and AND / OR / NOT of them. */
function isNullSafe(expression: FilterExpression<Field>): boolean {
  return !someLeaf(expression, (leaf) => leaf.kind !== "present" && leaf.kind !== "absent");
}
