import type { SigmaDetection, SigmaTimespan } from "@/lib/detections/sigma/types";
import type { LogSourceId } from "./field-maps";
import { backendSource } from "./field-maps";
import { doubleQuoted } from "./literals";
import { kqlEvents } from "./sentinel";
import { splEvents } from "./splunk";

/**
 * An ordered sequence of events, as EQL's `sequence` states it: each step's events (a log source
 * and its detection; null: every event of it) in order, joined on their keys (the i-th key of each
 * step holds the same value), all within `maxspan` of the first, read over the rule's `lookBack`.
 */
export type SequenceStep = { logSource: LogSourceId; detection: SigmaDetection | null; keys: string[] };

export type Sequence = {
  steps: SequenceStep[];
  /** The span in the KQL timespan notation (`3m`, `500ms`) and in seconds. */
  maxspan: { text: string; seconds: number } | null;
  lookBack: SigmaTimespan;
};

/**
 * Sentinel: each step is a query of its own (`let StepN`) that keeps its events' time and keys;
 * the steps are joined in order (`join kind=inner`: the default, innerunique, would keep one row
 * per left key) with each step no earlier than the one before and the last within maxspan of
 * the first. Steps that read the same table must be different events: each keeps a hash of its
 * whole row to tell them apart.
 */
export function sequenceToKql(sequence: Sequence, warnings: Set<string>): string {
  const { steps } = sequence;
  const keyNames = steps[0].keys.map((name) => name.replace(/\W+/g, "_"));
  const tables = steps.map((step) => new Set(tablesOf(step.logSource)));
  const sharesTable = (index: number) =>
    steps.some((_, other) => other !== index && [...tables[index]].some((table) => tables[other].has(table)));
  const lets = steps.map((step, index) => {
    const name = `Step${index + 1}`;
    const lines = kqlEvents(step.logSource, step.detection, warnings, (column) => {
      const keys = step.keys.map((field, k) => {
        const key = column(field, "sequence-key");
        const value = key.type === "string" ? key.expression : `tostring(${key.expression})`;
        return value === keyNames[k] ? value : `${keyNames[k]} = ${value}`;
      });
      const identity = sharesTable(index) ? [`${name}Event = hash_sha256(tostring(pack_all()))`] : [];
      return [
        `project ${[`${name}Time = TimeGenerated`, ...identity, ...keys].join(", ")}`,
        `where ${keyNames.map((key) => `isnotempty(${key})`).join(" and ")}`,
      ];
    });
    lines.splice(1, 0, `where TimeGenerated > ago(${sequence.lookBack.text})`);
    return `let ${name} = ${lines.join("\n    | ")};`;
  });
  const joins = steps.slice(1).flatMap((_, offset) => {
    const index = offset + 1;
    const current = `Step${index + 1}`;
    const previous = `Step${index}`;
    const conditions = [`${current}Time >= ${previous}Time`];
    if (sequence.maxspan) conditions.push(`${current}Time - Step1Time <= ${sequence.maxspan.text}`);
    for (let other = 0; other < index; other++) {
      if ([...tables[index]].some((table) => tables[other].has(table)))
        conditions.push(`${current}Event != Step${other + 1}Event`);
    }
    return [`join kind=inner ${current} on ${keyNames.join(", ")}`, `where ${conditions.join(" and ")}`];
  });
  const output = `project ${[...keyNames, ...steps.map((_, index) => `Step${index + 1}Time`)].join(", ")}`;
  return [...lets, ["Step1", ...joins, output].join("\n| ")].join("\n");
}

/**
 * Splunk: one search over every step's events. Each event is tagged with the steps it meets
 * (searchmatch() for the step's source, where-syntax for its condition), one row per step, and
 * given the step's key; in time order, streamstats carries, per key, the start of the latest
 * chain that reached the step before, and a row of the next step within maxspan of that start
 * extends it. transaction is not used: its limits evict open transactions. Rows of one event
 * for several steps are ordered last step first, so an event never follows itself.
 */
export function sequenceToSpl(sequence: Sequence, warnings: Set<string>): string {
  const { steps } = sequence;
  const events = steps.map((step) => splEvents(step.logSource, step.detection, warnings));
  const keys = steps.map((step, index) =>
    step.keys.map((field) => `'${events[index].field(field, "sequence-key")}'`).join(' . "|" . '),
  );
  const bases = [...new Set(events.map((step) => step.baseSearch))];
  const search = `${bases.length === 1 ? bases[0] : bases.map((base) => `(${base})`).join(" OR ")} earliest=-${sequence.lookBack.text}`;
  const extractions = [...new Set(events.flatMap((step) => step.extractions))];
  const tags = events.map((step, index) => {
    const conditions = [
      `searchmatch(${doubleQuoted(step.baseSearch)})`,
      ...(step.condition ? [`(${step.condition})`] : []),
    ];
    return `if(${conditions.join(" AND ")}, ${index + 1}, null())`;
  });
  const commands = [
    search,
    ...extractions,
    `eval seq_step=mvappend(${tags.join(", ")})`,
    "where isnotnull(seq_step)",
    "eval seq_event=md5(_raw)",
    "mvexpand seq_step",
    `eval seq_key=case(${keys.map((key, index) => `seq_step==${index + 1}, ${key}`).join(", ")})`,
    "where isnotnull(seq_key)",
    "sort 0 _time, seq_event, -seq_step",
    "eval seq_start_1=if(seq_step==1, _time, null())",
  ];
  for (let step = 2; step <= steps.length; step++) {
    const previous = `seq_chain_${step - 1}`;
    commands.push(`streamstats current=f max(seq_start_${step - 1}) as ${previous} by seq_key`);
    const within = sequence.maxspan ? ` AND _time - ${previous} <= ${sequence.maxspan.seconds}` : "";
    commands.push(
      `eval seq_start_${step}=if(seq_step==${step} AND isnotnull(${previous})${within}, ${previous}, null())`,
    );
  }
  commands.push(`where isnotnull(seq_start_${steps.length})`);
  commands.push(`eval sequence_start=strftime(seq_start_${steps.length}, "%Y-%m-%dT%H:%M:%S%z")`);
  commands.push("table _time, seq_key, sequence_start");
  return commands.join("\n| ");
}

function tablesOf(logSource: LogSourceId): readonly string[] {
  return backendSource(logSource, "sentinel").tables;
}
