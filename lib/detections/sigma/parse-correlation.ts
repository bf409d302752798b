import {
  CORRELATION_TYPES,
  COUNT_OPERATORS,
  TIMESPAN_UNITS,
  type CorrelationType,
  type CountOperator,
  type SigmaCorrelation,
  type SigmaTimespan,
  type TimespanUnit,
} from "./types";
import { isMapping, isStringList } from "./yaml-values";

const TIMESPAN = /^(\d+)([a-zA-Z]+)$/;
const COUNTING_TYPES: readonly CorrelationType[] = ["event_count", "value_count"];

/**
 * Reads a correlation rule's `correlation` mapping, collecting every problem: the type, the
 * referenced rules, `group-by`, `timespan` (a number and s, m, h or d) and, for the counting
 * types, a `condition` of comparisons plus the counted `field` for value_count.
 */
export function parseCorrelation(raw: unknown): { value: SigmaCorrelation | null; errors: string[] } {
  if (!isMapping(raw)) return { value: null, errors: ["'correlation' must be a mapping"] };
  const errors: string[] = [];

  const type = raw.type;
  const knownType =
    typeof type === "string" && (CORRELATION_TYPES as readonly string[]).includes(type)
      ? (type as CorrelationType)
      : null;
  if (knownType === null)
    errors.push(
      `correlation 'type' must be one of ${CORRELATION_TYPES.join(", ")}${type === undefined ? "" : `, got ${JSON.stringify(type)}`}`,
    );

  const rules = raw.rules;
  if (!isStringList(rules) || rules.length === 0 || rules.some((rule) => rule.trim() === "")) {
    errors.push("correlation 'rules' must be a non-empty list of rule names or ids");
  }

  const groupBy = raw["group-by"];
  if (groupBy !== undefined && !isStringList(groupBy))
    errors.push("correlation 'group-by' must be a list of field names");

  const timespan = parseTimespan(raw.timespan, errors);
  const counting = knownType !== null && COUNTING_TYPES.includes(knownType);
  const condition = counting ? parseCountCondition(raw.condition, knownType, errors) : { comparisons: [], field: null };

  if (errors.length > 0 || knownType === null || timespan === null) return { value: null, errors };
  return {
    value: {
      type: knownType,
      rules: rules as string[],
      groupBy: (groupBy as string[] | undefined) ?? [],
      timespan,
      condition: condition.comparisons,
      valueField: condition.field,
      hasAliases: raw.aliases !== undefined,
    },
    errors,
  };
}

function parseTimespan(raw: unknown, errors: string[]): SigmaTimespan | null {
  const match = typeof raw === "string" ? TIMESPAN.exec(raw.trim()) : null;
  if (!match || !(match[2] in TIMESPAN_UNITS) || Number(match[1]) === 0) {
    errors.push(
      `correlation 'timespan' must be a positive number followed by s, m, h or d (such as 10m or 1h)${raw === undefined ? "" : `, got ${JSON.stringify(raw)}`}`,
    );
    return null;
  }
  const amount = Number(match[1]);
  const unit = match[2] as TimespanUnit;
  return { text: `${amount}${unit}`, amount, unit, seconds: amount * TIMESPAN_UNITS[unit] };
}

function parseCountCondition(
  raw: unknown,
  type: CorrelationType,
  errors: string[],
): { comparisons: SigmaCorrelation["condition"]; field: string | null } {
  const comparisons: SigmaCorrelation["condition"] = [];
  if (!isMapping(raw)) {
    errors.push(`a ${type} correlation needs a 'condition' such as {gte: 10}`);
    return { comparisons, field: null };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === "field") continue;
    if (!(COUNT_OPERATORS as readonly string[]).includes(key)) {
      errors.push(`correlation condition '${key}' is not one of ${COUNT_OPERATORS.join(", ")} or field`);
    } else if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      errors.push(`correlation condition '${key}' must be a whole number of zero or more`);
    } else {
      comparisons.push({ operator: key as CountOperator, value });
    }
  }
  if (comparisons.length === 0 && !Object.keys(raw).some((key) => key !== "field")) {
    errors.push(`a ${type} correlation needs a comparison in its 'condition', such as gte: 10`);
  }

  const field = raw.field;
  if (type === "value_count") {
    if (typeof field !== "string" || field.trim() === "") {
      errors.push("a value_count correlation needs the field whose distinct values it counts, as 'condition.field'");
      return { comparisons, field: null };
    }
    return { comparisons, field };
  }
  if (field !== undefined) errors.push(`'condition.field' only applies to value_count correlations, not ${type}`);
  return { comparisons, field: null };
}
