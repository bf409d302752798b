/** Summaries, targets and the markdown table of a load run (scripts/bench/load.ts). */
import { median, percentile } from "@/scripts/bench/support/latency-report";

export type LoadTargetName = "list" | "filtered" | "search" | "brief" | "static" | "status";

export type LoadResult = {
  name: LoadTargetName;
  url: string;
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
};

export type TargetCheck = { target: string; measured: string; met: boolean };

/** Issue targets: p99 of the filtered list and the search, errors, and list throughput against a static file. */
export const LOAD_TARGETS = { p99BelowMs: 150, listShareOfStatic: 0.3 } as const;

export function summariseLoad(
  name: LoadTargetName,
  url: string,
  samplesMs: number[],
  errors: number,
  firstError: string | null,
  seconds: number,
): LoadResult {
  const requests = samplesMs.length + errors;
  return {
    name,
    url,
    requests,
    errors,
    firstError,
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: median(samplesMs),
    p99Ms: percentile(samplesMs, 0.99),
  };
}

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : "–";
}

export function loadTable(results: readonly LoadResult[]): string {
  const rows = results.map(
    (result) =>
      `| ${result.name} | \`${result.url}\` | ${result.requests} | ${result.requestsPerSecond.toFixed(0)} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${result.errors} |`,
  );
  return [
    "| page | URL | requests | req/s | p50 ms | p99 ms | errors |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

export function checkLoadTargets(results: readonly LoadResult[]): TargetCheck[] {
  const byName = new Map(results.map((result) => [result.name, result]));
  const checks: TargetCheck[] = [];
  for (const name of ["filtered", "search"] as const) {
    const result = byName.get(name);
    checks.push({
      target: `${name === "filtered" ? "severity + tactic filtered list" : "search"} p99 ≤ ${LOAD_TARGETS.p99BelowMs} ms, 0 errors`,
      measured: result ? `p99 ${ms(result.p99Ms)} ms, ${result.errors} errors` : "not measured",
      met: result !== undefined && result.p99Ms <= LOAD_TARGETS.p99BelowMs && result.errors === 0,
    });
  }
  const list = byName.get("list");
  const asset = byName.get("static");
  const share = list && asset ? list.requestsPerSecond / asset.requestsPerSecond : Number.NaN;
  checks.push({
    target: `list throughput ≥ ${LOAD_TARGETS.listShareOfStatic}× the static asset's`,
    measured: Number.isFinite(share)
      ? `${share.toFixed(2)}× (${list!.requestsPerSecond.toFixed(0)} vs ${asset!.requestsPerSecond.toFixed(0)} req/s)`
      : "not measured",
    met: Number.isFinite(share) && share >= LOAD_TARGETS.listShareOfStatic,
  });
  const errors = results.reduce((sum, result) => sum + result.errors, 0);
  checks.push({
    target: "no errors under load",
    measured: `${errors} errors`,
    met: errors === 0 && results.length > 0,
  });
  return checks;
}

/**
 * The triage part's targets (issue 20): a list filtered by team status and a brief page, signed in,
 * while triage writes arrive, each p99 under the same bound and without errors.
 */
export function checkTriageLoadTargets(results: readonly LoadResult[]): TargetCheck[] {
  const byName = new Map(results.map((result) => [result.name, result]));
  return (["status", "brief"] as const).map((name) => {
    const result = byName.get(name);
    return {
      target: `${name === "status" ? "status-filtered list" : "brief page"} p99 ≤ ${LOAD_TARGETS.p99BelowMs} ms, 0 errors`,
      measured: result ? `p99 ${ms(result.p99Ms)} ms, ${result.errors} errors` : "not measured",
      met: result !== undefined && result.p99Ms <= LOAD_TARGETS.p99BelowMs && result.errors === 0,
    };
  });
}

export function targetLines(checks: readonly TargetCheck[]): string {
  return checks.map((check) => `- ${check.target}: ${check.measured} → ${check.met ? "MET" : "NOT MET"}`).join("\n");
}
