import { documentedColumns } from "../sentinel-schema";
import {
  dynamicProperty,
  elasticSnakeCase,
  isAnyOf,
  isUnmapped,
  jsonTextProperty,
  keyword,
  splunk,
  unmapped,
  type ElasticField,
  type FieldRow,
  type Mapping,
  type SentinelField,
} from "../field-types";

/**
 * Rows for the properties of an Azure Monitor record (its `properties` object): Elastic's
 * integration snake-cases the JSON key under `elasticPrefix`, Splunk keeps it under `properties.`.
 * The Elastic field can be given where the pipeline moves or renames it.
 */
export function recordProperty(elasticPrefix: string) {
  return (
    jsonKey: string,
    elastic: ElasticField = keyword(`${elasticPrefix}.${elasticSnakeCase(jsonKey)}`),
  ): FieldRow => ({ elastic, splunk: splunk(`properties.${jsonKey}`) });
}

/** How the tables below read a property of an object column, whatever the column's documented type. */
export type ObjectReader = (column: string, property: string, type?: "string" | "bool") => SentinelField;

/**
 * A property of an object column of `table`: dynamic columns are read directly, columns the
 * reference documents as string (JSON text, as in AADNonInteractiveUserSignInLogs) through
 * parse_json().
 */
export function objectReader(table: string): ObjectReader {
  const types = documentedColumns(table);
  return (column, property, type = "string") =>
    types.get(column) === "string" ? jsonTextProperty(column, property, type) : dynamicProperty(column, property, type);
}

/** The table columns a Sentinel mapping reads; the row's own name when it has none (the documented column). */
export function sentinelColumnsOf(name: string, row: FieldRow): string[] {
  const entry: Mapping<SentinelField> | undefined = row.sentinel;
  if (entry === undefined) return [name];
  if (isUnmapped(entry)) return [];
  const fields = isAnyOf(entry) ? entry.fields : [entry];
  return fields.map((field) => (field.kind === "array-element" ? field.path[0].array : field.reads));
}

/**
 * The rows whose Sentinel columns `tables` document (any of them, for a union): a family of
 * tables such as the four sign-in tables shares one list of rows, and each keeps what it has.
 * `recordedElsewhere` names rows the source's records hold though its Sentinel table has no
 * column for them: they stay for the other SIEMs, refused on Sentinel with the reason.
 */
export function rowsFor(
  tables: readonly string[],
  rows: Readonly<Record<string, FieldRow>>,
  recordedElsewhere: readonly string[] = [],
): Record<string, FieldRow> {
  const documented = tables.map(documentedColumns);
  return Object.fromEntries(
    Object.entries(rows).flatMap(([name, row]): [string, FieldRow][] => {
      const columns = sentinelColumnsOf(name, row);
      if (columns.length === 0 || columns.every((column) => documented.some((types) => types.has(column))))
        return [[name, row]];
      if (!recordedElsewhere.includes(name)) return [];
      return [[name, { ...row, sentinel: unmapped(`${tables.join(", ")} documents no column for it`) }]];
    }),
  );
}
