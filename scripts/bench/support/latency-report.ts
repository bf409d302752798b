/** Summaries and the markdown table of a list-latency run, shared by the latency script and the runner. */

export type UrlLatency = {
  url: string;
  /** Briefs the page said it matched ("123 briefs"), when it said so; shows whether a filter applied. */
  matched: number | null;
  /** Size of the page's HTML (uncompressed), from its first answer: rendering grows with it. */
  htmlBytes?: number | null;
  samplesMs: number[];
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  errors: number;
};

export type LatencyTarget = { url: string; medianBelowMs: number; medianMs: number | null; met: boolean };

export type LatencyReport = {
  baseUrl: string;
  measuredAt: string;
  /** The machine's one-minute load average when the run started and ended: how much else ran beside it. */
  loadAverage?: { start: number; end: number };
  warmupRequests: number;
  measuredRequests: number;
  results: UrlLatency[];
  target: LatencyTarget;
};

/** Nearest-rank percentile: always one of the measured values, never an interpolation. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarise(url: string, samplesMs: number[], errors: number, matched: number | null): UrlLatency {
  return {
    url,
    matched,
    samplesMs,
    medianMs: median(samplesMs),
    p90Ms: percentile(samplesMs, 0.9),
    maxMs: samplesMs.length ? Math.max(...samplesMs) : Number.NaN,
    errors,
  };
}

function milliseconds(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : "–";
}

export function latencyTable(results: readonly UrlLatency[]): string {
  const rows = results.map(
    (result) =>
      `| \`${result.url}\` | ${result.matched ?? "–"} | ${milliseconds(result.medianMs)} | ${milliseconds(result.p90Ms)} | ${milliseconds(result.maxMs)} | ${result.errors} |`,
  );
  return [
    "| URL | briefs matched | median ms | p90 ms | max ms | errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

export function describeTarget(target: LatencyTarget): string {
  const measured = target.medianMs === null ? "not measured" : `median ${milliseconds(target.medianMs)} ms`;
  return `Target: filtered and searched list page (\`${target.url}\`) median < ${target.medianBelowMs} ms: ${measured} → ${target.met ? "MET" : "NOT MET"}`;
}
