import type { SigmaLogSource } from "@/lib/detections/sigma/types";
import { cannotExpress, type ConversionBackend } from "./errors";
import {
  isAnyOf,
  isUnmapped,
  jsonText,
  column,
  unmapped,
  type ElasticField,
  type ElasticReading,
  type FieldRow,
  type LogSourceMapping,
  type Mapping,
  type SentinelField,
  type SplunkField,
} from "./field-types";
import type { FieldTest } from "./filter-expression";
import { LOG_SOURCE_IDS, LOG_SOURCES, type LogSourceId } from "./log-sources";
import { documentedColumns, type KqlColumnType } from "./sentinel-schema";

/**
 * Reading the field tables of ./log-sources both ways: a Sigma field (as SigmaHQ's Azure and
 * Microsoft 365 rules write it, the Sentinel column) to each SIEM's field, and an Elastic rule's
 * field back to the Sigma field. A field missing from a table is an UnsupportedConstructError
 * naming it: the converter never guesses a field.
 *
 * Field names are matched exactly first, then without regard to case: rules copy names from the
 * Azure Monitor export (operationName, userAgent) as often as from Sentinel (OperationName,
 * UserAgent), and no two fields of a table differ only in case. Every documented column of a
 * source's Sentinel table is usable on Sentinel as it is; Elastic and Splunk need a row.
 */

export { LOG_SOURCE_IDS, type LogSourceId };

export type BackendField = { sentinel: SentinelField; elastic: ElasticField; splunk: SplunkField };

/** Sigma log sources no table maps, and why. */
const REFUSED_LOG_SOURCES: Readonly<Record<string, string>> = {
  // The alert types these rules name as riskEventType are Microsoft Graph's PIM alert incident
  // types (unifiedRoleManagementAlertIncident and its subtypes, beta:
  // https://learn.microsoft.com/en-us/graph/api/resources/unifiedrolemanagementalertincident),
  // read from /identityGovernance/roleManagementAlerts, not records of a log.
  "azure/pim":
    "the PIM alert incident types these rules name as riskEventType are Microsoft Graph resources (unifiedRoleManagementAlertIncident), which no log of these SIEMs is documented to record",
};

/** The log source of a Sigma rule: product/service, in any case. */
export function resolveLogSource(logsource: SigmaLogSource, backend: ConversionBackend): LogSourceId {
  const id = `${logsource.product?.toLowerCase() ?? ""}/${logsource.service?.toLowerCase() ?? ""}`;
  if (logsource.category === undefined && Object.hasOwn(LOG_SOURCES, id)) return id as LogSourceId;
  const described =
    (["product", "category", "service"] as const)
      .flatMap((key) => (logsource[key] ? [`${key}: ${logsource[key]}`] : []))
      .join(", ") || "none";
  if (logsource.category === undefined && Object.hasOwn(REFUSED_LOG_SOURCES, id))
    throw cannotExpress(backend, "logsource", `the log source (${described})`, REFUSED_LOG_SOURCES[id]);
  throw cannotExpress(
    backend,
    "logsource",
    `the log source (${described})`,
    `the mapped log sources are ${LOG_SOURCE_IDS.join(", ")}`,
  );
}

export function logSourceMapping(id: LogSourceId): LogSourceMapping {
  return LOG_SOURCES[id];
}

/** Where the log source lives in `backend`; refuses a source that backend has no place for. */
export function backendSource<Backend extends ConversionBackend>(
  id: LogSourceId,
  backend: Backend,
): Exclude<LogSourceMapping[Backend], { kind: "unmapped" }> {
  const place = LOG_SOURCES[id][backend];
  if (isUnmapped(place)) throw cannotExpress(backend, "logsource", `the ${id} log source`, place.reason);
  return place as Exclude<LogSourceMapping[Backend], { kind: "unmapped" }>;
}

/** The meaning warning of a Sigma field `backend` leaves out of this source's rules (any case); undefined: kept. */
export function leftOutWarning(id: LogSourceId, backend: ConversionBackend, sigmaField: string): string | undefined {
  const leftOut = LOG_SOURCES[id].leftOut ?? {};
  const name = Object.keys(leftOut).find((candidate) => candidate.toLowerCase() === sigmaField.toLowerCase());
  return name === undefined ? undefined : leftOut[name][backend];
}

/**
 * The backend fields a Sigma field stands for. Throws UnsupportedConstructError naming the field
 * and the log source when the table has no entry or an `unmapped` one; adds the entry's caveat,
 * if it has one, to `warnings`.
 */
export function mappedFields<Backend extends ConversionBackend>(
  id: LogSourceId,
  backend: Backend,
  sigmaField: string,
  warnings: Set<string>,
): readonly BackendField[Backend][] {
  const source = LOG_SOURCES[id];
  const found = findRow(source, sigmaField);
  const entry = (
    found === undefined
      ? backend === "sentinel"
        ? documentedColumn(id, sigmaField)
        : undefined
      : mappingOf(found.name, found.row, backend, id)
  ) as Mapping<BackendField[Backend]> | undefined;
  if (entry === undefined) {
    throw cannotExpress(
      backend,
      sigmaField,
      `the field '${sigmaField}' of the ${id} log source`,
      "it has no mapping to a field of this SIEM",
    );
  }
  if (isUnmapped(entry))
    throw cannotExpress(backend, sigmaField, `the field '${sigmaField}' of the ${id} log source`, entry.reason);
  const fields = isAnyOf(entry) ? entry.fields : [entry];
  for (const caveat of [isAnyOf(entry) ? entry.warning : undefined, ...fields.map((field) => field.warning)]) {
    if (caveat) warnings.add(caveat);
  }
  return fields;
}

function mappingOf(
  name: string,
  row: FieldRow,
  backend: ConversionBackend,
  id: LogSourceId,
): Mapping<BackendField[ConversionBackend]> | undefined {
  if (backend === "elastic") return row.elastic;
  if (backend === "splunk") return row.splunk;
  return row.sentinel ?? documentedColumn(id, name);
}

/** The row of a Sigma field name: exact, then an alias, then either without regard to case. */
function findRow(source: LogSourceMapping, sigmaField: string): { name: string; row: FieldRow } | undefined {
  const rowNamed = (name: string) =>
    Object.hasOwn(source.fields, name) ? { name, row: source.fields[name] } : undefined;
  const aliases = source.aliases ?? {};
  const exact =
    rowNamed(sigmaField) ?? (Object.hasOwn(aliases, sigmaField) ? rowNamed(aliases[sigmaField]) : undefined);
  if (exact) return exact;
  const folded = sigmaField.toLowerCase();
  const alias = Object.keys(aliases).find((name) => name.toLowerCase() === folded);
  if (alias !== undefined) return rowNamed(aliases[alias]);
  const name = Object.keys(source.fields).find((candidate) => candidate.toLowerCase() === folded);
  if (name !== undefined) return rowNamed(name);
  const positional = source.positional?.row(sigmaField);
  return positional === undefined ? undefined : { name: sigmaField, row: positional };
}

const NUMBER_TYPES: readonly KqlColumnType[] = ["int", "long", "real"];

/** A documented column of the source's Sentinel table(s), any case, as a field; undefined when there is none. */
function documentedColumn(id: LogSourceId, name: string): Mapping<SentinelField> | undefined {
  const place = LOG_SOURCES[id].sentinel;
  if (isUnmapped(place)) return undefined;
  const folded = name.toLowerCase();
  for (const table of place.tables) {
    for (const [columnName, type] of documentedColumns(table)) {
      if (columnName.toLowerCase() !== folded) continue;
      if (type === "datetime") return unmapped(`${columnName} is a datetime column, which these tests do not apply to`);
      if (type === "dynamic")
        return jsonText(
          columnName,
          `${columnName} is matched as its JSON text in Sentinel, so only text it contains can be matched.`,
        );
      return column(columnName, type === "bool" ? "bool" : NUMBER_TYPES.includes(type) ? "number" : "string");
    }
  }
  return undefined;
}

/**
 * What a field of an Elastic rule stands for in this log source: the Sigma field whose `elastic`
 * is exactly that field (not a lossy or composite one) or lists it in `elasticAlso`, or the
 * source's own reading of it (an ECS field the integration derives). undefined: no mapping.
 */
export function elasticReading(id: LogSourceId, elasticField: string): ElasticReading | undefined {
  const source = LOG_SOURCES[id];
  const readings = source.elasticReadings ?? {};
  if (Object.hasOwn(readings, elasticField)) return readings[elasticField];
  // Every data stream of an integration declares event.module a constant_keyword holding the
  // integration's name (its fields/base-fields.yml: `value: azure`, `value: o365`).
  if (elasticField === "event.module" && source.elasticDataset)
    return { kind: "constant", values: [source.elasticDataset.dataset.split(".")[0]] };
  for (const [name, row] of Object.entries(source.fields)) {
    const exact =
      !isUnmapped(row.elastic) &&
      !isAnyOf(row.elastic) &&
      row.elastic.warning === undefined &&
      row.elastic.name === elasticField;
    if (exact) return { kind: "field", field: name, elasticType: (row.elastic as ElasticField).type };
    if (row.elasticAlso?.includes(elasticField)) return { kind: "field", field: name };
  }
  const positional = source.positional?.sigmaField(elasticField);
  return positional === undefined ? undefined : { kind: "field", field: positional, elasticType: "keyword" };
}

/** The log source an Elastic rule's data set (and category value, for a data stream of several) names. */
export function logSourceForDataset(dataset: string, category: string | null): LogSourceId | undefined {
  const candidates = LOG_SOURCE_IDS.filter((id) => LOG_SOURCES[id].elasticDataset?.dataset === dataset);
  const categories = (id: LogSourceId) => LOG_SOURCES[id].elasticDataset?.categories ?? null;
  if (category === null) return candidates.find((id) => categories(id) === null);
  return candidates.find((id) => categories(id)?.some((value) => value.toLowerCase() === category.toLowerCase()));
}

/**
 * JSON text can only be searched for text it contains, and only text JSON writes unchanged:
 * a quote or backslash in the value is escaped in the JSON and would not be found.
 */
export function assertJsonTextContains(test: FieldTest, sigmaField: string, backend: ConversionBackend): string {
  if (test.kind !== "text" || test.position !== "contains") {
    throw cannotExpress(
      backend,
      sigmaField,
      `a test other than 'contains' on the field '${sigmaField}'`,
      "it is matched as JSON text",
    );
  }
  const text = test.text;
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
  if (/["\\\u0000-\u001f]/.test(text)) {
    throw cannotExpress(
      backend,
      sigmaField,
      `a quote, backslash or control character in a value of '${sigmaField}'`,
      "they are escaped in its JSON text",
    );
  }
  return text;
}
