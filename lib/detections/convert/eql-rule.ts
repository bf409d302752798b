import { textList } from "@/lib/detections/importers/values";
import { cannotExpress, InvalidElasticRuleError, type ConversionBackend } from "./errors";
import { lookBack, runInterval, scheduleNote, sigmaField } from "./elastic-settings";
import { convertTarget, type ConversionResult } from "./convert-target";
import { EqlSyntaxError, parseEql, type EqlEvent, type EqlQuery } from "./eql";
import type { KueryNode } from "./kuery";
import { eventsOf } from "./kuery-detection";
import { sequenceToKql, sequenceToSpl, type Sequence, type SequenceStep } from "./sequence";

/**
 * An Elastic eql rule in Sentinel or Splunk. A single-event query is a rule like a kuery one; a
 * sequence is joined step by step in order within its maxspan (./sequence). EQL compares with
 * `==` exactly and with `:` without regard to case, and the queries keep each. What the queries
 * cannot say — `until`, a missing-event step, a pipe, a function — is refused by name.
 */
export function convertEqlRule(
  rule: Record<string, unknown>,
  text: string,
  backend: Exclude<ConversionBackend, "elastic">,
): ConversionResult {
  let query: EqlQuery;
  try {
    query = parseEql(text);
  } catch (error) {
    if (!(error instanceof EqlSyntaxError)) throw error;
    if (error.construct !== null)
      throw cannotExpress(backend, error.construct, `the EQL construct ${error.construct}`, "it is not translated");
    throw new InvalidElasticRuleError(`its query does not parse: ${error.message}`);
  }
  const indexPatterns = textList(rule.index);
  const warnings = new Set<string>();
  const notes = new Set<string>();
  if (query.kind === "event") {
    const { logSource, detection } = eventsOf(condition(query.event), indexPatterns, backend, warnings, notes);
    if (detection === null)
      throw cannotExpress(
        backend,
        "query",
        `a query that matches every event of the ${logSource} log source`,
        "a query needs at least one condition",
      );
    return convertTarget({ kind: "rule", rule: { logSource, detection } }, backend, warnings, notes);
  }

  const [unsupported] = query.unsupported;
  if (unsupported !== undefined)
    throw cannotExpress(
      backend,
      unsupported,
      unsupported === "until" ? "a sequence with 'until'" : "a sequence with a missing-event step",
      "the translated sequences only join events that occur",
    );
  const steps: SequenceStep[] = query.steps.flatMap((step) => {
    const { logSource, detection } = eventsOf(condition(step.event), indexPatterns, backend, warnings, notes);
    if (detection === null && query.steps.length === 1 && step.runs === 1)
      throw cannotExpress(backend, "query", "a sequence of one step that every event meets");
    const keys = [...query.keys, ...step.keys].map((field) =>
      sigmaField(logSource, field, "joining the steps of a sequence on", backend, warnings),
    );
    return Array.from({ length: step.runs }, () => ({ logSource, detection, keys }));
  });
  if (steps.length < 2) throw cannotExpress(backend, "sequence", "a sequence of one step");
  if (steps[0].keys.length === 0)
    throw cannotExpress(backend, "sequence", "a sequence with no join key", "the steps are joined on their keys");
  if (steps.some((step) => step.keys.length !== steps[0].keys.length))
    throw new InvalidElasticRuleError("every step of a sequence needs as many join keys");

  const window = lookBack(rule, backend);
  const sequence: Sequence = { steps, maxspan: query.maxspan, lookBack: window };
  const interval = runInterval(rule, backend);
  const needed = (query.maxspan?.seconds ?? 0) + interval.seconds;
  notes.add(
    scheduleNote(
      rule,
      window,
      backend,
      `reads the steps' events of that look-back; a sequence needs a look-back of at least its maxspan plus the interval (${needed % 60 === 0 ? `${needed / 60}m` : `${needed}s`} here)${window.seconds < needed ? ", which the Elastic rule's is not" : ""}`,
    ),
  );
  notes.add(
    "Each row is one ordered set of events that completes the sequence; Elastic reports each completed sequence once.",
  );
  const text_ = backend === "sentinel" ? sequenceToKql(sequence, warnings) : sequenceToSpl(sequence, warnings);
  return {
    backend,
    language: backend === "sentinel" ? "KQL" : "SPL",
    query: text_,
    warnings: [...warnings],
    notes: [...notes],
  };
}

/** The event's condition with its category: EQL's `category where` is a test on event.category. */
function condition(event: EqlEvent): KueryNode {
  const category: KueryNode[] =
    event.category === "any"
      ? []
      : [
          {
            kind: "match",
            field: "event.category",
            value: { quoted: true, parts: [{ kind: "text", text: event.category }] },
          },
        ];
  const operands = [...category, ...(event.condition ? [event.condition] : [])];
  return { kind: "and", operands: operands.flatMap((node) => (node.kind === "and" ? node.operands : [node])) };
}
