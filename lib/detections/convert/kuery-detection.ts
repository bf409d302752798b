import type {
  ConditionNode,
  SigmaDetection,
  SigmaFieldCondition,
  SigmaModifier,
  SigmaSelection,
  SigmaValue,
} from "@/lib/detections/sigma/types";
import { cannotExpress, type ConversionBackend } from "./errors";
import { elasticReading, logSourceForDataset, logSourceMapping, LOG_SOURCE_IDS, type LogSourceId } from "./field-maps";
import { isExistsValue, literalValue, type KueryNode, type KueryRangeOperator, type KueryValue } from "./kuery";
import { anchoredLuceneRegex, LUCENE_ANY_STRING_NOTE } from "./regex";

/**
 * An Elastic rule's kuery query as the detection model Sigma rules are converted from: the data
 * set it reads (data_stream.dataset / event.dataset, else its index patterns) picks the log
 * source, and every comparison becomes a selection of one field condition, combined by the same
 * and / or / not tree. Elastic fields are read back through the log source's field table, so a
 * field no table maps is refused, naming it.
 */

export type KueryDetection = { logSource: LogSourceId; detection: SigmaDetection };

const DATASET_FIELDS = new Set(["data_stream.dataset", "event.dataset"]);
const INDEX_DATASET = /^(?:[\w-]+:)?logs-([a-z0-9_]+\.[a-z0-9_]+)-/i;
const RANGE_MODIFIERS: Readonly<Record<KueryRangeOperator, SigmaModifier>> = {
  "<": "lt",
  "<=": "lte",
  ">": "gt",
  ">=": "gte",
};

/** The query as a boolean tree of field conditions, with constants folded away as it is built. */
type Condition =
  | { kind: "true" }
  | { kind: "false" }
  | { kind: "leaf"; condition: SigmaFieldCondition }
  | { kind: "and" | "or"; operands: Condition[] }
  | { kind: "not"; operand: Condition };

const TRUE: Condition = { kind: "true" };
const FALSE: Condition = { kind: "false" };

export function kueryDetection(
  query: KueryNode,
  indexPatterns: readonly string[],
  backend: ConversionBackend,
  warnings: Set<string>,
): KueryDetection {
  const { logSource, detection } = eventsOf(query, indexPatterns, backend, warnings);
  if (detection === null)
    throw cannotExpress(
      backend,
      "query",
      `a query that matches every event of the ${logSource} log source`,
      "a query needs at least one condition",
    );
  return { logSource, detection };
}

/**
 * The log source a query reads and the detection of the events it keeps; null when it keeps
 * every event of the source (as a step of a sequence may). A query no event can meet is refused.
 */
export function eventsOf(
  query: KueryNode,
  indexPatterns: readonly string[],
  backend: ConversionBackend,
  warnings: Set<string>,
  notes?: Set<string>,
): { logSource: LogSourceId; detection: SigmaDetection | null } {
  const conjuncts = query.kind === "and" ? query.operands : [query];
  const datasetConjuncts = conjuncts.filter((node) => datasetValues(node) !== null);
  const rest = conjuncts.filter((node) => !datasetConjuncts.includes(node));
  if (rest.some(namesDataset))
    throw cannotExpress(
      backend,
      "data_stream.dataset",
      "a data set filter under 'or' or 'not'",
      "the data set picks the table the query reads",
    );

  const { dataset, foreign } = datasetOf(datasetConjuncts, indexPatterns, rest, backend);
  const { logSource, remaining } = pickLogSource(dataset, rest, backend);
  const translator = new KueryTranslator(logSource, backend, warnings, foreign, notes);
  const condition = translator.all(remaining);
  if (condition.kind === "true") return { logSource, detection: null };
  if (condition.kind === "false")
    throw cannotExpress(
      backend,
      "query",
      "a query that can match no event",
      "a condition contradicts what the integration records",
    );
  return { logSource, detection: toDetection(condition) };
}

/** The data set values of `data_stream.dataset:x` or `data_stream.dataset:(x or y)`; null for any other node. */
function datasetValues(node: KueryNode): string[] | null {
  if (node.kind === "match") {
    const literal = node.field !== null && DATASET_FIELDS.has(node.field) ? literalValue(node.value) : null;
    return literal === null ? null : [literal];
  }
  if (node.kind !== "or") return null;
  const values = node.operands.map(datasetValues);
  return values.every((value) => value !== null) ? values.flat() : null;
}

function namesDataset(node: KueryNode): boolean {
  switch (node.kind) {
    case "and":
    case "or":
      return node.operands.some(namesDataset);
    case "not":
      return namesDataset(node.operand);
    case "nested":
      return namesDataset(node.query);
    default:
      return node.field !== null && DATASET_FIELDS.has(node.field);
  }
}

function datasetOf(
  datasetConjuncts: KueryNode[],
  indexPatterns: readonly string[],
  rest: KueryNode[],
  backend: ConversionBackend,
): { dataset: string; foreign: string[] } {
  const named = datasetConjuncts.map((node) => new Set(datasetValues(node)));
  // Every conjunct must hold, so the data sets are those all of them name.
  const fromQuery = named.length === 0 ? null : [...named[0]].filter((value) => named.every((set) => set.has(value)));
  const fromIndex = [
    ...new Set(indexPatterns.flatMap((pattern) => INDEX_DATASET.exec(pattern.trim())?.[1]?.toLowerCase() ?? [])),
  ];
  const namedDatasets = fromQuery ?? fromIndex;
  // An event of one data set has none of another's fields; a data set whose events the query
  // cannot match for that reason alone is not read at all.
  const datasets =
    namedDatasets.length > 1
      ? namedDatasets.filter((dataset) => {
          const foreign = namedDatasets.filter((other) => other !== dataset).map((other) => `${other}.`);
          return rest.every((node) => withForeignFieldsMissing(node, foreign) !== false);
        })
      : namedDatasets;
  if (datasets.length > 1)
    throw cannotExpress(
      backend,
      "data sets",
      `a rule over several data sets (${datasets.join(", ")})`,
      "each SIEM keeps them in tables of their own",
    );
  if (datasets.length === 0)
    throw cannotExpress(
      backend,
      "data set",
      "a rule that names no data set",
      "neither its query (data_stream.dataset, event.dataset) nor its index patterns name one",
    );
  return {
    dataset: datasets[0],
    foreign: namedDatasets.filter((other) => other !== datasets[0]).map((other) => `${other}.`),
  };
}

/**
 * What a condition comes to on an event that has no field under the `foreign` prefixes (another
 * data set's fields): false or true when that settles it, null when other fields decide.
 */
function withForeignFieldsMissing(node: KueryNode, foreign: readonly string[]): boolean | null {
  switch (node.kind) {
    case "and": {
      const values = node.operands.map((operand) => withForeignFieldsMissing(operand, foreign));
      return values.includes(false) ? false : values.every((value) => value === true) ? true : null;
    }
    case "or": {
      const values = node.operands.map((operand) => withForeignFieldsMissing(operand, foreign));
      return values.includes(true) ? true : values.every((value) => value === false) ? false : null;
    }
    case "not": {
      const value = withForeignFieldsMissing(node.operand, foreign);
      return value === null ? null : !value;
    }
    case "nested":
      return foreign.some((prefix) => node.path.startsWith(prefix)) ? false : null;
    default:
      return node.field !== null && foreign.some((prefix) => node.field!.startsWith(prefix)) ? false : null;
  }
}

/**
 * The log source of the data set. A data stream that holds several categories (sign-ins) is
 * narrowed to one table by a category condition every event must meet; without one, the query
 * reads every category, and a category condition stays a condition on the Category column.
 */
function pickLogSource(
  dataset: string,
  conjuncts: KueryNode[],
  backend: ConversionBackend,
): { logSource: LogSourceId; remaining: KueryNode[] } {
  const candidates = LOG_SOURCE_IDS.filter((id) => logSourceMapping(id).elasticDataset?.dataset === dataset);
  if (candidates.length === 0)
    throw cannotExpress(
      backend,
      "data set",
      `the data set '${dataset}'`,
      "no log source of the other SIEMs is mapped for it",
    );
  const categoryField = logSourceMapping(candidates[0]).elasticDataset?.categoryField ?? null;
  for (const node of conjuncts) {
    if (node.kind !== "match" || categoryField === null || node.field !== categoryField) continue;
    const category = literalValue(node.value);
    const logSource = category === null ? undefined : logSourceForDataset(dataset, category);
    if (logSource) return { logSource, remaining: conjuncts.filter((other) => other !== node) };
  }
  const logSource = logSourceForDataset(dataset, null);
  if (logSource === undefined)
    throw cannotExpress(
      backend,
      "data set",
      `the data set '${dataset}' without a category`,
      "only single categories of it are mapped",
    );
  return { logSource, remaining: conjuncts };
}

class KueryTranslator {
  constructor(
    private readonly logSource: LogSourceId,
    private readonly backend: ConversionBackend,
    private readonly warnings: Set<string>,
    /** Field prefixes of the other data sets the rule names, which no event read here has. */
    private readonly foreign: readonly string[] = [],
    private readonly notes?: Set<string>,
  ) {}

  all(nodes: KueryNode[]): Condition {
    return combine(
      "and",
      nodes.map((node) => this.node(node)),
    );
  }

  private node(node: KueryNode): Condition {
    if (
      node.kind !== "and" &&
      node.kind !== "or" &&
      node.kind !== "not" &&
      withForeignFieldsMissing(node, this.foreign) === false
    )
      return FALSE;
    switch (node.kind) {
      case "and":
      case "or":
        return combine(
          node.kind,
          node.operands.map((operand) => this.node(operand)),
        );
      case "not":
        return negate(this.node(node.operand));
      case "nested":
        return this.nested(node.path, node.query);
      case "range":
        return this.range(node.field, node.operator, node.value);
      case "match":
        if (node.field === null) {
          throw cannotExpress(
            this.backend,
            "free text",
            "a free-text search (a value with no field)",
            "searching every field of a structured log record has no faithful equivalent",
          );
        }
        return this.match(node.field, node.value, node.caseInsensitive === true);
      case "regex":
        return this.regex(node.field, node.pattern, node.caseInsensitive);
    }
  }

  /** EQL's `regex`: the whole value matches a Lucene regular expression, read as an anchored one. */
  private regex(field: string, pattern: string, caseInsensitive: boolean): Condition {
    const reading = this.reading(field);
    const { source, anyString } = anchoredLuceneRegex(pattern, field, this.backend);
    if (anyString) this.notes?.add(LUCENE_ANY_STRING_NOTE);
    if (reading.kind === "constant") {
      const regex = new RegExp(source, caseInsensitive ? "is" : "s");
      return reading.values.some((constant) => regex.test(constant)) ? TRUE : FALSE;
    }
    if (reading.kind !== "field")
      throw cannotExpress(
        this.backend,
        field,
        `a regular expression on the Elastic field '${field}'`,
        "the integration derives it, value by value, from another field",
      );
    if (reading.warning) this.warnings.add(reading.warning);
    const modifiers: SigmaModifier[] = caseInsensitive ? ["re", "s", "i"] : ["re", "s"];
    return leaf({
      field: reading.field,
      modifiers,
      values: [{ kind: "string", raw: source, parts: [{ kind: "text", text: source }] }],
    });
  }

  /**
   * `path:{ … }` holds when one element of the nested field meets the whole inner query. For one
   * comparison, or an or of them, that is the comparison on `path.field` of any element; an and
   * or a not inside would have to hold for the same element, which field conditions cannot say.
   */
  private nested(path: string, query: KueryNode): Condition {
    const comparisons = query.kind === "or" ? query.operands : [query];
    if (!comparisons.every((node) => node.kind === "match" || node.kind === "range")) {
      throw cannotExpress(
        this.backend,
        path,
        `conditions that must hold for one element of the nested field '${path}'`,
        "each field condition is tested on its own",
      );
    }
    const prefixed = comparisons.map((node): KueryNode => ({ ...node, field: `${path}.${node.field}` }));
    return combine(
      "or",
      prefixed.map((node) => this.node(node)),
    );
  }

  private match(field: string, value: KueryValue, caseInsensitive = false): Condition {
    const reading = this.reading(field);
    switch (reading.kind) {
      case "constant":
        return isExistsValue(value) ||
          reading.values.some((constant) => patternOf(value, caseInsensitive).test(constant))
          ? TRUE
          : FALSE;
      case "values": {
        if (isExistsValue(value)) return TRUE;
        const literal = literalValue(value);
        if (literal === null)
          throw cannotExpress(
            this.backend,
            field,
            `a wildcard value of '${field}'`,
            `the integration derives it from ${reading.field}, value by value`,
          );
        // Any other value is one the integration never writes, so no event has it.
        const written = Object.keys(reading.values).find((known) =>
          caseInsensitive ? known.toLowerCase() === literal.toLowerCase() : known === literal,
        );
        if (written === undefined) return FALSE;
        const derived = reading.values[written];
        const equals = "equals" in derived ? derived.equals : derived.notEquals;
        const test = leaf({
          field: reading.field,
          modifiers: [],
          values: [stringValue({ quoted: true, parts: [{ kind: "text", text: equals }] })],
        });
        return "equals" in derived ? test : negate(test);
      }
      case "substitute": {
        const literal = literalValue(value);
        const known =
          literal === null
            ? undefined
            : Object.keys(reading.values).find((name) => name.toLowerCase() === literal.toLowerCase());
        if (literal === null || known === undefined)
          throw cannotExpress(
            this.backend,
            field,
            `the value ${JSON.stringify(value.parts.map((part) => (part.kind === "text" ? part.text : "*")).join(""))} of the Elastic field '${field}'`,
            reading.reason,
          );
        this.warnings.add(reading.warning(literal, known));
        return leaf({
          field: reading.field,
          modifiers: [],
          values: reading.values[known].map((text) => ({ kind: "string", raw: text, parts: [{ kind: "text", text }] })),
        });
      }
      case "field": {
        if (reading.warning) this.warnings.add(reading.warning);
        if (isExistsValue(value))
          return leaf({ field: reading.field, modifiers: ["exists"], values: [{ kind: "boolean", value: true }] });
        const literal = literalValue(value);
        if (reading.elasticType === "ip" && literal !== null && literal.includes("/")) {
          return leaf({
            field: reading.field,
            modifiers: ["cidr"],
            values: [{ kind: "string", raw: literal, parts: [{ kind: "text", text: literal }] }],
          });
        }
        // Elastic compares keywords exactly, so the query does too (Sigma's `cased`), unless the
        // rule asks otherwise (EQL's `:`, `like~`, `in~`).
        const modifiers: SigmaModifier[] =
          (reading.elasticType ?? "keyword") === "keyword" && !caseInsensitive ? ["cased"] : [];
        return leaf({ field: reading.field, modifiers, values: [stringValue(value)] });
      }
    }
  }

  private range(field: string, operator: KueryRangeOperator, value: KueryValue): Condition {
    const reading = this.reading(field);
    const literal = literalValue(value);
    const number = literal === null || literal.trim() === "" ? Number.NaN : Number(literal);
    if (reading.kind !== "field" || !Number.isFinite(number)) {
      throw cannotExpress(
        this.backend,
        field,
        `the range '${field} ${operator} ${literal ?? "…"}'`,
        "only numeric ranges on a mapped field are converted",
      );
    }
    return leaf({
      field: reading.field,
      modifiers: [RANGE_MODIFIERS[operator]],
      values: [{ kind: "number", value: number }],
    });
  }

  private reading(field: string) {
    const reading = elasticReading(this.logSource, field);
    const what = `the Elastic field '${field}' of the ${this.logSource} log source`;
    if (reading === undefined)
      throw cannotExpress(this.backend, field, what, "it has no mapping to a field of the other SIEMs");
    if (reading.kind === "unmapped") throw cannotExpress(this.backend, field, what, reading.reason);
    return reading;
  }
}

function leaf(condition: SigmaFieldCondition): Condition {
  return { kind: "leaf", condition };
}

function combine(kind: "and" | "or", operands: Condition[]): Condition {
  const absorbing = kind === "and" ? "false" : "true";
  const neutral = kind === "and" ? "true" : "false";
  if (operands.some((operand) => operand.kind === absorbing)) return kind === "and" ? FALSE : TRUE;
  const kept = operands
    .filter((operand) => operand.kind !== neutral)
    .flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
  if (kept.length === 0) return kind === "and" ? TRUE : FALSE;
  return kept.length === 1 ? kept[0] : { kind, operands: kept };
}

function negate(condition: Condition): Condition {
  if (condition.kind === "true") return FALSE;
  if (condition.kind === "false") return TRUE;
  if (condition.kind === "not") return condition.operand;
  return { kind: "not", operand: condition };
}

/** A kuery value as a Sigma string: its text with `*` wildcards, and `raw` escaped as Sigma writes it. */
function stringValue(value: KueryValue): SigmaValue {
  const parts = value.parts.map((part) =>
    part.kind === "text" ? part : ({ kind: "wildcard", wildcard: part.single ? "?" : "*" } as const),
  );
  const raw = value.parts
    .map((part) => (part.kind === "text" ? part.text.replace(/[\\*?]/g, "\\$&") : part.single ? "?" : "*"))
    .join("");
  return { kind: "string", raw, parts };
}

/** The value as a pattern, case-sensitive as Elastic matches a keyword unless asked otherwise. */
function patternOf(value: KueryValue, caseInsensitive = false): RegExp {
  const source = value.parts
    .map((part) =>
      part.kind === "text" ? part.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : part.single ? "[\\s\\S]" : "[\\s\\S]*",
    )
    .join("");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "");
}

/**
 * One selection per field condition, except that an or of plain conditions on one field becomes
 * one selection with a list of values (Sigma's own or), which the backends write as `in`.
 */
function toDetection(condition: Condition): SigmaDetection {
  const selections = new Map<string, SigmaSelection>();
  const select = (conditions: SigmaFieldCondition[]): ConditionNode => {
    const name = `sel${selections.size + 1}`;
    selections.set(name, { kind: "fields", alternatives: [conditions] });
    return { kind: "selection", name };
  };
  const build = (node: Condition): ConditionNode => {
    switch (node.kind) {
      case "leaf":
        return select([node.condition]);
      case "not":
        return { kind: "not", operand: build(node.operand) };
      case "and":
        return { kind: "and", operands: node.operands.map(build) };
      case "or":
        return orNode(node.operands, build, select);
      default:
        throw new Error("constants are folded before the detection is built");
    }
  };
  const root = build(condition);
  return { selections, condition: root, conditionText: conditionText(root) };
}

function orNode(
  operands: Condition[],
  build: (node: Condition) => ConditionNode,
  select: (conditions: SigmaFieldCondition[]) => ConditionNode,
): ConditionNode {
  const merged: ConditionNode[] = [];
  const lists = new Map<string, SigmaFieldCondition>();
  for (const operand of operands) {
    const mergeable = operand.kind === "leaf" && !operand.condition.modifiers.includes("exists");
    if (!mergeable) {
      merged.push(build(operand));
      continue;
    }
    const key = JSON.stringify([operand.condition.field, operand.condition.modifiers]);
    const list = lists.get(key);
    if (list) {
      list.values.push(...operand.condition.values);
    } else {
      const copy = { ...operand.condition, values: [...operand.condition.values] };
      lists.set(key, copy);
      merged.push(select([copy]));
    }
  }
  return merged.length === 1 ? merged[0] : { kind: "or", operands: merged };
}

function conditionText(node: ConditionNode): string {
  switch (node.kind) {
    case "selection":
      return node.name;
    case "not":
      return `not ${conditionText(node.operand)}`;
    case "and":
    case "or":
      return node.operands
        .map((operand) =>
          operand.kind === "and" || operand.kind === "or" ? `(${conditionText(operand)})` : conditionText(operand),
        )
        .join(` ${node.kind} `);
    default:
      return node.pattern;
  }
}
