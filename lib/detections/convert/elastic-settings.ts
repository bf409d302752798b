import { TIMESPAN_UNITS, type SigmaTimespan, type TimespanUnit } from "@/lib/detections/sigma/types";
import { cannotExpress, type ConversionBackend } from "./errors";
import { elasticReading, type LogSourceId } from "./field-maps";

/** What the settings of an Elastic rule (its look-back, schedule, and the fields they name) mean elsewhere. */

const DEFAULT_LOOK_BACK = "now-6m";
const DEFAULT_INTERVAL = "5m";

/** The Sigma field an Elastic field used by the rule's settings stands for; anything else is refused, naming it. */
export function sigmaField(
  logSource: LogSourceId,
  elasticField: string,
  use: string,
  backend: ConversionBackend,
  warnings: Set<string>,
): string {
  const reading = elasticReading(logSource, elasticField);
  const what = `${use} the Elastic field '${elasticField}'`;
  if (reading === undefined)
    throw cannotExpress(backend, elasticField, what, `it has no mapping to a field of the ${logSource} log source`);
  if (reading.kind === "unmapped") throw cannotExpress(backend, elasticField, what, reading.reason);
  if (reading.kind !== "field")
    throw cannotExpress(
      backend,
      elasticField,
      what,
      "the integration derives it, so no single field of the other SIEMs holds its values",
    );
  if (reading.warning) warnings.add(reading.warning);
  return reading.field;
}

/** The rule's look-back: `from`, `now-9m`, Kibana's default `now-6m` when absent. */
export function lookBack(rule: Record<string, unknown>, backend: ConversionBackend): SigmaTimespan {
  return timespanOf(rule.from ?? DEFAULT_LOOK_BACK, "from", backend);
}

/** How often Elastic runs the rule: `interval`, Kibana's default 5m when absent. */
export function runInterval(rule: Record<string, unknown>, backend: ConversionBackend): SigmaTimespan {
  const interval = typeof rule.interval === "string" ? `now-${rule.interval.trim()}` : `now-${DEFAULT_INTERVAL}`;
  return timespanOf(interval, "interval", backend);
}

/**
 * The schedule a translated rule needs to mean what the Elastic rule means: Elastic runs it every
 * `interval` over the last `window`; the query must run as often, over at least as long.
 */
export function scheduleNote(
  rule: Record<string, unknown>,
  window: SigmaTimespan,
  backend: ConversionBackend,
  what: string,
): string {
  const every = runInterval(rule, backend);
  return `Schedule: run it every ${every.text} with a look-back of ${window.text} (the Elastic rule's interval and look-back); the query ${what}.`;
}

export function timespanOf(value: unknown, setting: string, backend: ConversionBackend): SigmaTimespan {
  const match = typeof value === "string" ? /^now-(\d+)([smhd])$/.exec(value.trim()) : null;
  if (match === null)
    throw cannotExpress(
      backend,
      setting,
      `the ${setting} ${JSON.stringify(value)}`,
      "only now-<n> with s, m, h or d is converted",
    );
  const amount = Number(match[1]);
  const unit = match[2] as TimespanUnit;
  return { text: `${amount}${unit}`, amount, unit, seconds: amount * TIMESPAN_UNITS[unit] };
}
