import { ConditionSyntaxError, parseCondition } from "./parse-condition";
import { parseSigmaString } from "./sigma-string";
import { isMapping } from "./yaml-values";
import {
  SIGMA_MODIFIERS,
  type SigmaDetection,
  type SigmaFieldCondition,
  type SigmaModifier,
  type SigmaSelection,
  type SigmaValue,
} from "./types";

type Parsed<T> = { value: T | null; errors: string[] };

const SELECTION_NAME = /^[A-Za-z0-9_-]+$/;
const STRING_POSITION_MODIFIERS: readonly SigmaModifier[] = ["contains", "startswith", "endswith"];
const REGEX_FLAG_MODIFIERS: readonly SigmaModifier[] = ["i", "m", "s"];

/**
 * Reads a rule's `detection` mapping: its named selections and its condition. Every problem is
 * collected (unknown modifiers, values a modifier cannot take, a condition naming a selection
 * that does not exist) so a validator can list them all; the detection is null if any occurred.
 */
export function parseDetection(raw: unknown): Parsed<SigmaDetection> {
  if (raw === undefined) return failed("missing 'detection'");
  if (!isMapping(raw)) return failed("'detection' must be a mapping of selections and a condition");

  const errors: string[] = [];
  const selections = new Map<string, SigmaSelection>();
  for (const [name, value] of Object.entries(raw)) {
    if (name === "condition") continue;
    if (name === "timeframe") {
      errors.push("'timeframe' belongs to the deprecated aggregation syntax; use a correlation rule");
      continue;
    }
    if (!SELECTION_NAME.test(name)) {
      errors.push(`selection name '${name}' may only hold letters, digits, '_' and '-'`);
      continue;
    }
    const selection = parseSelection(name, value);
    errors.push(...selection.errors);
    if (selection.value) selections.set(name, selection.value);
  }

  const conditionText = readConditionText(raw.condition, errors);
  if (conditionText === null) return { value: null, errors };
  try {
    const condition = parseCondition(conditionText, [
      ...selections.keys(),
      ...namesOfBrokenSelections(raw, selections),
    ]);
    return errors.length > 0 ? { value: null, errors } : { value: { selections, condition, conditionText }, errors };
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError)) throw error;
    return { value: null, errors: [...errors, `condition: ${error.message}`] };
  }
}

function readConditionText(condition: unknown, errors: string[]): string | null {
  if (condition === undefined || condition === null) {
    errors.push("'detection' has no 'condition'");
    return null;
  }
  // A list of conditions matches an event when any of them does.
  const conditions: unknown[] = Array.isArray(condition) ? condition : [condition];
  if (
    conditions.length === 0 ||
    !conditions.every((item): item is string => typeof item === "string" && item.trim() !== "")
  ) {
    errors.push("'condition' must be a non-empty string or a list of them");
    return null;
  }
  return conditions.length === 1 ? conditions[0] : conditions.map((item) => `(${item})`).join(" or ");
}

/**
 * Selections that exist but failed to parse still count as names, so a condition referring to
 * them reports the selection's own problem rather than a second "unknown selection" one.
 */
function namesOfBrokenSelections(raw: Record<string, unknown>, parsed: Map<string, SigmaSelection>): string[] {
  return Object.keys(raw).filter(
    (name) => name !== "condition" && name !== "timeframe" && SELECTION_NAME.test(name) && !parsed.has(name),
  );
}

function parseSelection(name: string, value: unknown): Parsed<SigmaSelection> {
  if (isMapping(value)) {
    const conditions = parseFieldConditions(name, value);
    return conditions.value
      ? { value: { kind: "fields", alternatives: [conditions.value] }, errors: [] }
      : { value: null, errors: conditions.errors };
  }
  if (Array.isArray(value) && value.length > 0) {
    if (value.every(isMapping)) {
      const alternatives = value.map((item) => parseFieldConditions(name, item));
      const errors = alternatives.flatMap((alternative) => alternative.errors);
      if (errors.length > 0) return { value: null, errors };
      return {
        value: { kind: "fields", alternatives: alternatives.map((alternative) => alternative.value!) },
        errors: [],
      };
    }
    if (value.every((item) => !isMapping(item) && !Array.isArray(item))) {
      return { value: { kind: "keywords", values: value.map(toSigmaValue) }, errors: [] };
    }
    return failed(`selection '${name}' mixes field mappings with plain values`);
  }
  return failed(
    `selection '${name}' must be a mapping of fields, a list of such mappings, or a non-empty list of keywords`,
  );
}

function parseFieldConditions(selection: string, mapping: Record<string, unknown>): Parsed<SigmaFieldCondition[]> {
  const errors: string[] = [];
  const conditions: SigmaFieldCondition[] = [];
  if (Object.keys(mapping).length === 0) return failed(`selection '${selection}' has an empty mapping`);
  for (const [key, rawValue] of Object.entries(mapping)) {
    const condition = parseFieldCondition(selection, key, rawValue);
    errors.push(...condition.errors);
    if (condition.value) conditions.push(condition.value);
  }
  return errors.length > 0 ? { value: null, errors } : { value: conditions, errors };
}

function parseFieldCondition(selection: string, key: string, rawValue: unknown): Parsed<SigmaFieldCondition> {
  const [field, ...modifierNames] = key.split("|");
  const where = `selection '${selection}', field '${field}'`;
  if (field.trim() === "") return failed(`selection '${selection}': '${key}' has no field name before its modifiers`);

  const unknown = modifierNames.filter((modifier) => !(SIGMA_MODIFIERS as readonly string[]).includes(modifier));
  if (unknown.length > 0) {
    return failed(
      `${where}: unknown modifier${unknown.length > 1 ? "s" : ""} ${unknown.map((modifier) => `'${modifier}'`).join(", ")}`,
    );
  }
  const modifiers = modifierNames as SigmaModifier[];

  const rawValues = Array.isArray(rawValue) ? rawValue : [rawValue];
  if (rawValues.length === 0) return failed(`${where}: the list of values is empty`);
  if (rawValues.some((item) => isMapping(item) || Array.isArray(item))) {
    return failed(`${where}: values must be strings, numbers, booleans or null (or a list of those)`);
  }
  const values = rawValues.map(toSigmaValue);
  const problems = modifierProblems(modifiers, values);
  return problems.length > 0
    ? { value: null, errors: problems.map((problem) => `${where}: ${problem}`) }
    : { value: { field, modifiers, values }, errors: [] };
}

/** Combinations the specification rules out, and values a modifier cannot take. */
function modifierProblems(modifiers: SigmaModifier[], values: SigmaValue[]): string[] {
  const problems: string[] = [];
  const has = (modifier: SigmaModifier) => modifiers.includes(modifier);
  const positions = modifiers.filter((modifier) => STRING_POSITION_MODIFIERS.includes(modifier));
  if (positions.length > 1) problems.push(`'${positions.join("' and '")}' cannot be combined`);
  const regexFlags = modifiers.filter((modifier) => REGEX_FLAG_MODIFIERS.includes(modifier));
  if (regexFlags.length > 0 && !has("re"))
    problems.push(`'${regexFlags.join("', '")}' only appl${regexFlags.length > 1 ? "y" : "ies"} after 're'`);

  if (has("exists")) {
    if (modifiers.length > 1) problems.push("'exists' cannot be combined with other modifiers");
    if (values.length !== 1 || values[0].kind !== "boolean") problems.push("'exists' takes a single true or false");
  }
  if (has("re")) {
    const others = modifiers.filter(
      (modifier) => modifier !== "re" && !REGEX_FLAG_MODIFIERS.includes(modifier) && modifier !== "all",
    );
    if (others.length > 0) problems.push(`'re' cannot be combined with '${others.join("', '")}'`);
    if (values.some((value) => value.kind !== "string")) problems.push("'re' takes regular expressions as strings");
  }
  if (has("cidr")) {
    const others = modifiers.filter((modifier) => modifier !== "cidr" && modifier !== "all");
    if (others.length > 0) problems.push(`'cidr' cannot be combined with '${others.join("', '")}'`);
    for (const value of values) {
      if (value.kind !== "string" || !isCidr(value.raw))
        problems.push(`'${describe(value)}' is not a CIDR range such as 10.0.0.0/8`);
    }
  }
  return problems;
}

function toSigmaValue(raw: unknown): SigmaValue {
  if (raw === null || raw === undefined) return { kind: "null" };
  if (typeof raw === "boolean") return { kind: "boolean", value: raw };
  if (typeof raw === "number") return { kind: "number", value: raw };
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what remains is a YAML scalar (text, bigint); mappings and lists never reach a value
  const text = raw instanceof Date ? raw.toISOString() : String(raw);
  return { kind: "string", raw: text, parts: parseSigmaString(text) };
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-f:.]*:[0-9a-f:.]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/i;

export function isCidr(text: string): boolean {
  return IPV4_CIDR.test(text) || (IPV6_CIDR.test(text) && isIpv6Address(text.split("/")[0]));
}

function isIpv6Address(text: string): boolean {
  try {
    return new URL(`http://[${text}]/`).hostname !== "";
  } catch {
    return false;
  }
}

function describe(value: SigmaValue): string {
  return value.kind === "string" ? value.raw : value.kind === "null" ? "null" : String(value.value);
}

function failed<T>(error: string): Parsed<T> {
  return { value: null, errors: [error] };
}
