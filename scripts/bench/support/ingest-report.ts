/** Summaries, targets and the markdown table of an ingest benchmark run (scripts/bench/ingest-bench.ts). */
import { median } from "@/scripts/bench/support/latency-report";

/** One whole-process measurement: wall time, peak resident memory and CPU time (user + system). */
export type ProcessSample = { wallSeconds: number; peakRssMiB: number; cpuSeconds: number };

export type ScenarioName = "parseOnly" | "firstIngest" | "unchangedReingest" | "changedReingest";

export type ScenarioSummary = {
  name: ScenarioName;
  label: string;
  samples: ProcessSample[];
  medianWallSeconds: number;
  medianPeakRssMiB: number;
  medianCpuSeconds: number;
  /** Median wall time over the parse-only median; 1 for parse-only itself. */
  wallRatio: number;
  /** Median peak memory over the parse-only median. */
  memoryRatio: number;
};

export type IngestTarget = {
  description: string;
  scenario: ScenarioName;
  measure: "wallRatio" | "memoryRatio";
  atMost: number;
};

export type TargetResult = IngestTarget & { measured: number; met: boolean };

/** The goals of issue 6: each a ratio to the parse-only process, measured on the same feed. */
export const INGEST_TARGETS: readonly IngestTarget[] = [
  {
    description: "first ingest wall time ≤ 2.5 × parse-only",
    scenario: "firstIngest",
    measure: "wallRatio",
    atMost: 2.5,
  },
  {
    description: "unchanged re-ingest wall time ≤ 1.3 × parse-only",
    scenario: "unchangedReingest",
    measure: "wallRatio",
    atMost: 1.3,
  },
  {
    description: "first ingest peak memory ≤ 2 × parse-only",
    scenario: "firstIngest",
    measure: "memoryRatio",
    atMost: 2,
  },
  {
    description: "unchanged re-ingest peak memory ≤ 2 × parse-only",
    scenario: "unchangedReingest",
    measure: "memoryRatio",
    atMost: 2,
  },
  {
    description: "10%-changed re-ingest peak memory ≤ 2 × parse-only",
    scenario: "changedReingest",
    measure: "memoryRatio",
    atMost: 2,
  },
];

/** Medians of each scenario and their ratios to the parse-only scenario, which must be among them. */
export function summariseScenarios(
  scenarios: readonly { name: ScenarioName; label: string; samples: ProcessSample[] }[],
): ScenarioSummary[] {
  const medians = scenarios.map((scenario) => ({
    ...scenario,
    medianWallSeconds: median(scenario.samples.map((sample) => sample.wallSeconds)),
    medianPeakRssMiB: median(scenario.samples.map((sample) => sample.peakRssMiB)),
    medianCpuSeconds: median(scenario.samples.map((sample) => sample.cpuSeconds)),
  }));
  const baseline = medians.find((scenario) => scenario.name === "parseOnly");
  if (!baseline) throw new Error("The parse-only scenario is the baseline of every ratio; it is missing");
  return medians.map((scenario) => ({
    ...scenario,
    wallRatio: scenario.medianWallSeconds / baseline.medianWallSeconds,
    memoryRatio: scenario.medianPeakRssMiB / baseline.medianPeakRssMiB,
  }));
}

export function evaluateTargets(
  summaries: readonly ScenarioSummary[],
  targets: readonly IngestTarget[] = INGEST_TARGETS,
): TargetResult[] {
  return targets.map((target) => {
    const measured = summaries.find((summary) => summary.name === target.scenario)?.[target.measure] ?? Number.NaN;
    return { ...target, measured, met: measured <= target.atMost };
  });
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

export function ingestTable(summaries: readonly ScenarioSummary[]): string {
  const rows = summaries.map(
    (summary) =>
      `| ${summary.label} | ${fixed(summary.medianWallSeconds, 2)} | ${fixed(summary.wallRatio, 2)}× | ${fixed(summary.medianPeakRssMiB, 0)} | ${fixed(summary.memoryRatio, 2)}× | ${fixed(summary.medianCpuSeconds, 2)} |`,
  );
  return [
    "| scenario | median wall s | × parse-only | median peak MiB | × parse-only | median CPU s |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

export function describeTargets(results: readonly TargetResult[]): string {
  return results
    .map((result) => `- ${result.description}: ${fixed(result.measured, 2)}× → ${result.met ? "MET" : "NOT MET"}`)
    .join("\n");
}

/** The format the benchmark asks GNU time for (`-f`): elapsed seconds, peak RSS in KiB, user and system seconds. */
export const TIME_FORMAT = "%e %M %U %S";

/**
 * Reads what `/usr/bin/time -f TIME_FORMAT -o FILE` wrote. Its last line holds the figures; a line
 * before it says when the command failed. Peak RSS covers the command and every process it waited
 * for (npm, its shell and node), which is what a user's machine has to hold at once at most.
 */
export function readTimeOutput(text: string): ProcessSample {
  const line = text.trim().split("\n").at(-1) ?? "";
  const match = /^(\d+(?:\.\d+)?) (\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(line.trim());
  if (!match) throw new Error(`Unexpected output of /usr/bin/time: ${JSON.stringify(text)}`);
  const [, wall, rssKiB, user, system] = match;
  return { wallSeconds: Number(wall), peakRssMiB: Number(rssKiB) / 1024, cpuSeconds: Number(user) + Number(system) };
}
