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
  /** Where the query is faithful but not identical to the rule (fixed windows, estimates…). */
  warnings: string[];
};

const CONVERTERS: Readonly<Record<ConversionBackend, BackendConverter>> = {
  sentinel: sentinelConverter,
  elastic: elasticConverter,
  splunk: splunkConverter,
};

/** The target as a query for `backend`; `warnings` may already hold caveats of the target itself. */
export function convertTarget(
  target: ConversionTarget,
  backend: ConversionBackend,
  warnings: Set<string>,
): ConversionResult {
  const converter = CONVERTERS[backend];
  if (converter === undefined) throw new TypeError(`Unknown backend ${JSON.stringify(backend)}`);
  const query = converter.convert(target, warnings);
  return { backend, language: converter.language, query, warnings: [...warnings] };
}
