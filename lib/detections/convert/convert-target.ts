import type { BackendConverter, ConversionTarget } from "./conversion-target";
import { elasticConverter } from "./elastic";
import type { ConversionBackend } from "./errors";
import { sentinelConverter } from "./sentinel";
import { splunkConverter } from "./splunk";

export type ConversionResult = {
  backend: ConversionBackend;
  /** KQL, ES|QL or SPL (for an Elastic rule on Elastic, the rule's own language). */
  language: string;
  query: string;
  /** Where the query does not keep the rule's meaning: what it matches differs, and how. */
  warnings: string[];
  /** Caveats that leave the meaning whole: the schedule the query needs, estimates both SIEMs make… */
  notes: string[];
};

const CONVERTERS: Readonly<Record<ConversionBackend, BackendConverter>> = {
  sentinel: sentinelConverter,
  elastic: elasticConverter,
  splunk: splunkConverter,
};

/** The target as a query for `backend`; `warnings` and `notes` may already hold caveats of the target itself. */
export function convertTarget(
  target: ConversionTarget,
  backend: ConversionBackend,
  warnings: Set<string>,
  notes: Set<string> = new Set(),
): ConversionResult {
  const converter = CONVERTERS[backend];
  if (converter === undefined) throw new TypeError(`Unknown backend ${JSON.stringify(backend)}`);
  const query = converter.convert(target, warnings, notes);
  return { backend, language: converter.language, query, warnings: [...warnings], notes: [...notes] };
}
