/**
 * The shapes of the field mapping tables (./log-sources): what a field is in each SIEM, and what
 * an Elastic rule's field stands for. Only types and small builders live here, so the tables can
 * be read without the lookup code in ./field-maps.
 */

/** A field known not to be expressible on a backend, with the reason. */
export type Unmapped = { kind: "unmapped"; reason: string };

/** A field that stands for several backend fields; a test on it holds if it holds for any. */
export type AnyOf<Field> = { kind: "any-of"; fields: readonly Field[]; warning?: string };

export type Mapping<Field> = Field | AnyOf<Field> | Unmapped;

export const unmapped = (reason: string): Unmapped => ({ kind: "unmapped", reason });
export const anyOf = <Field>(fields: Field[], warning?: string): AnyOf<Field> => ({ kind: "any-of", fields, warning });

export function isUnmapped(entry: object): entry is Unmapped {
  return "kind" in entry && entry.kind === "unmapped";
}

export function isAnyOf<Field>(entry: Mapping<Field>): entry is AnyOf<Field> {
  return typeof entry === "object" && entry !== null && "kind" in entry && entry.kind === "any-of";
}

// ---------------------------------------------------------------------------------------------
// Microsoft Sentinel

export type SentinelField =
  /**
   * A column, or a property of a dynamic column read with tostring()/tobool(); `reads` is the
   * table column it reads (a union of tables may need that column converted first).
   */
  | { kind: "column"; expression: string; type: "string" | "bool" | "number"; reads: string; warning?: string }
  /** A column read as its JSON text: only text it contains can be matched. */
  | { kind: "json-text"; expression: string; reads: string; warning: string }
  /**
   * A property of the elements of an array column (`path[0]`), or of an array inside those
   * elements (`path[1]`): a test holds if it holds for some element. `element` names the column
   * each element is expanded into.
   */
  | { kind: "array-element"; path: readonly { array: string; element: string }[]; property: string; warning?: string };

export const column = (name: string, type: "string" | "bool" | "number" = "string"): SentinelField => ({
  kind: "column",
  expression: name,
  type,
  reads: name,
});

/** A property of a dynamic column: `DeviceDetail.browser`. */
export const dynamicProperty = (
  columnName: string,
  property: string,
  type: "string" | "bool" = "string",
): SentinelField => ({
  kind: "column",
  expression: `${type === "bool" ? "tobool" : "tostring"}(${columnName}.${property})`,
  type,
  reads: columnName,
});

/** A property of a column that holds JSON text (type string), as in AADNonInteractiveUserSignInLogs. */
export const jsonTextProperty = (
  columnName: string,
  property: string,
  type: "string" | "bool" = "string",
): SentinelField => ({
  kind: "column",
  expression: `${type === "bool" ? "tobool" : "tostring"}(parse_json(${columnName}).${property})`,
  type,
  reads: columnName,
});

export const jsonText = (columnName: string, warning: string): SentinelField => ({
  kind: "json-text",
  expression: `tostring(${columnName})`,
  reads: columnName,
  warning,
});

/** A property of each element of an array column (dynamic, or JSON text: mv-apply reads both through todynamic()). */
export const elementProperty = (array: string, element: string, property: string): SentinelField => ({
  kind: "array-element",
  path: [{ array, element }],
  property,
});

// ---------------------------------------------------------------------------------------------
// Elastic

export type ElasticField = {
  name: string;
  type: "keyword" | "long" | "boolean" | "ip";
  /** A list of keywords: only text it contains can be matched (its values joined), as in Sentinel's JSON text. */
  list?: true;
  warning?: string;
};

export const keyword = (name: string): ElasticField => ({ name, type: "keyword" });
export const long = (name: string): ElasticField => ({ name, type: "long" });
export const boolean = (name: string): ElasticField => ({ name, type: "boolean" });
export const ip = (name: string): ElasticField => ({ name, type: "ip" });
export const keywordList = (name: string): ElasticField => ({ name, type: "keyword", list: true });

/**
 * Elastic's Azure integration names a property of the Azure Monitor record by snake-casing its
 * JSON key (its pipeline replaces each lower-case letter followed by capitals with the letter,
 * `_` and the capitals, then lower-cases): riskEventTypes_v2 → risk_event_types_v2.
 */
export function elasticSnakeCase(jsonKey: string): string {
  return jsonKey.replace(/([a-z])([A-Z]+)/g, "$1_$2").toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Splunk

export type SplunkField = {
  name: string;
  /** A JSON array's values (`{}` in the name): a test holds if it holds for any value. */
  multivalue?: boolean;
  /** A command that must run before the field exists (it is not extracted at search time). */
  extraction?: string;
  /** Only text contained in it can be matched (it is JSON text). */
  jsonText?: boolean;
  warning?: string;
};

export const splunk = (name: string): SplunkField => ({ name });
export const splunkList = (name: string): SplunkField => ({ name, multivalue: true });

// ---------------------------------------------------------------------------------------------
// Rows

/**
 * One field of a log source in every SIEM, keyed in its table by the Sigma name (the Sentinel
 * column, or column.property, as SigmaHQ's Azure rules write it).
 */
export type FieldRow = {
  /** Absent: the documented Sentinel column of the same name, with its documented type. */
  sentinel?: Mapping<SentinelField>;
  elastic: Mapping<ElasticField>;
  splunk: Mapping<SplunkField>;
  /**
   * Further Elastic field names that stand for exactly this field in an Elastic rule, such as an
   * ECS copy the integration makes (event.action) or a name over every position of an array
   * (target_resources.*.type) that ES|QL cannot read but kuery can.
   */
  elasticAlso?: readonly string[];
};

/** What a field of an Elastic rule stands for, when it is not simply the `elastic` of a row. */
export type ElasticReading =
  /** This Sigma field (`elasticType`: the Elastic field's type, when known), with a caveat when the two differ slightly. */
  | { kind: "field"; field: string; elasticType?: ElasticField["type"]; warning?: string }
  /** Values the integration derives from a field: each Elastic value is a test on the Sigma field. */
  | { kind: "values"; field: string; values: Readonly<Record<string, { equals: string } | { notEquals: string }>> }
  /** The same value on every event of the log source. */
  | { kind: "constant"; values: readonly string[] }
  /**
   * A field the other SIEMs do not record, expressed for known values through one they do: each
   * known value (matched without regard to case) stands for `field` equal to one of its values,
   * with a warning naming the substitution; any other value is refused with `reason`.
   */
  | {
      kind: "substitute";
      field: string;
      values: Readonly<Record<string, readonly string[]>>;
      warning: (written: string, known: string) => string;
      reason: string;
    }
  | Unmapped;

// ---------------------------------------------------------------------------------------------
// Log sources

/** Where one log source lives in each SIEM, and its fields. */
export type LogSourceMapping = {
  /** The table, or the tables read as one (`union`, the first one's column types win), and a condition when the source is part of a table. */
  sentinel: { tables: readonly string[]; filter?: string } | Unmapped;
  /** The index pattern and the condition that keeps this source's events of a shared data stream. */
  elastic: { index: string; filter: string | null } | Unmapped;
  splunk: { baseSearch: string } | Unmapped;
  /** How an Elastic rule names this source: its data set, and the category value(s) it covers (null: all). */
  elasticDataset: { dataset: string; categoryField: string | null; categories: readonly string[] | null } | null;
  fields: Readonly<Record<string, FieldRow>>;
  /** Other Sigma names of a field, e.g. properties.message for OperationName. */
  aliases?: Readonly<Record<string, string>>;
  /** Elastic fields an Elastic rule may use that are not simply a row's field. */
  elasticReadings?: Readonly<Record<string, ElasticReading>>;
  /**
   * Sigma fields a backend leaves out of a rule's selections, with the meaning warning, where the
   * source's records in that SIEM have no field for them (FilterContext.leaveOut says where).
   */
  leftOut?: Readonly<Record<string, Partial<Record<"sentinel" | "elastic" | "splunk", string>>>>;
  /** Fields named by a position in an array (TargetResources[0].modifiedProperties[3].newValue), both ways. */
  positional?: { row(sigmaField: string): FieldRow | undefined; sigmaField(elasticField: string): string | undefined };
};
