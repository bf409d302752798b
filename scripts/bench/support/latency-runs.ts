/**
 * Several runs of the render-latency script on one database, read together: per page the median of
 * the runs' medians, their spread, and which runs disagree with the others. On a shared two-core
 * machine one run can land in a busy minute; three runs show whether a figure is the page or the moment.
 */
import { median, type LatencyReport } from "@/scripts/bench/support/latency-report";
import type { TargetCheck } from "@/scripts/bench/support/load-report";

export type UrlAcrossRuns = {
  url: string;
  matched: number | null;
  /** Each run's median, in run order; NaN for a run that measured nothing. */
  runMediansMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** 1-based numbers of the runs whose median is far from the others' (see `disagrees`). */
  disagreeing: number[];
  errors: number;
};

/**
 * A run disagrees when its median is more than a quarter (and 3 ms) away from the median of all runs:
 * beyond what these pages vary from one quiet run to the next.
 */
export function disagrees(runMs: number, medianOfRunsMs: number): boolean {
  return Math.abs(runMs - medianOfRunsMs) > Math.max(0.25 * medianOfRunsMs, 3);
}

/** Pages in the order the first run measured them; a brief page's URL may differ between databases, not between runs. */
export function acrossRuns(runs: readonly (LatencyReport | null)[]): UrlAcrossRuns[] {
  const measured = runs.filter((run): run is LatencyReport => Array.isArray(run?.results));
  const urls = [...new Set(measured.flatMap((run) => run.results.map((result) => result.url)))];
  return urls.map((url) => {
    const results = measured.map((run) => run.results.find((result) => result.url === url));
    const runMediansMs = results.map((result) => (result && result.samplesMs.length ? result.medianMs : Number.NaN));
    const finite = runMediansMs.filter(Number.isFinite);
    const medianMs = median(finite);
    return {
      url,
      matched: results.find((result) => result?.matched != null)?.matched ?? null,
      runMediansMs,
      medianMs,
      minMs: finite.length ? Math.min(...finite) : Number.NaN,
      maxMs: finite.length ? Math.max(...finite) : Number.NaN,
      disagreeing:
        finite.length > 2 ? runMediansMs.flatMap((ms, index) => (disagrees(ms, medianMs) ? [index + 1] : [])) : [],
      errors: results.reduce((sum, result) => sum + (result?.errors ?? 0), 0),
    };
  });
}

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : "–";
}

/** "41.2 (38.0–47.5)": the median of the runs' medians and their range. */
export function withSpread(page: UrlAcrossRuns | undefined): string {
  if (!page || !Number.isFinite(page.medianMs)) return "–";
  return page.runMediansMs.length > 1
    ? `${ms(page.medianMs)} (${ms(page.minMs)}–${ms(page.maxMs)})`
    : ms(page.medianMs);
}

export function disagreement(page: UrlAcrossRuns): string {
  if (!page.disagreeing.length) return "";
  return page.disagreeing.map((run) => `run ${run}: ${ms(page.runMediansMs[run - 1])}`).join(", ");
}

export function runsTable(pages: readonly UrlAcrossRuns[]): string {
  const rows = pages.map(
    (page) =>
      `| \`${page.url}\` | ${page.matched ?? "–"} | ${withSpread(page)} | ${page.runMediansMs.map(ms).join(" / ")} | ${disagreement(page) || "–"} | ${page.errors} |`,
  );
  return [
    "| URL | briefs matched | median ms (range of runs) | each run's median | disagreeing run | errors |",
    "| --- | ---: | ---: | ---: | --- | ---: |",
    ...rows,
  ].join("\n");
}

/** What the runs say about disagreement and how busy the machine was, one note per run that stood out. */
export function runNotes(
  label: string,
  runs: readonly (LatencyReport | null)[],
  pages: readonly UrlAcrossRuns[],
): string[] {
  const notes: string[] = [];
  const flagged = pages.filter((page) => page.disagreeing.length);
  if (flagged.length) {
    const byRun = new Map<number, string[]>();
    for (const page of flagged)
      for (const run of page.disagreeing) byRun.set(run, [...(byRun.get(run) ?? []), page.url]);
    for (const [run, urls] of [...byRun].sort((a, b) => a[0] - b[0])) {
      notes.push(
        `${label}, run ${run} disagrees with the other runs (median more than 25% away) on ${urls.length} of ${pages.length} pages: ${urls.map((url) => `\`${url}\``).join(", ")}.`,
      );
    }
  }
  const loads = runs.map((run) => run?.loadAverage).filter((load) => load !== undefined);
  if (loads.length) {
    notes.push(
      `${label}: one-minute load average at the start and end of each run: ${loads.map((load) => `${load.start.toFixed(1)}→${load.end.toFixed(1)}`).join(", ")} (2 cores: above 2, other work shared the machine).`,
    );
  }
  return notes;
}

/** The render targets of the list, search, brief and coverage pages (median of the runs' medians). */
export type RenderTarget = { label: string; pages: (url: string) => boolean; maxMs: number };

const LIST_OR_SEARCH = (url: string) => url === "/" || url.startsWith("/?");
const BRIEF = (url: string) => url.startsWith("/briefs/");
const COVERAGE = (url: string) => url === "/coverage" || url.startsWith("/coverage?");

export function renderTargets(database: "SQLite" | "PostgreSQL"): RenderTarget[] {
  return [
    {
      label: `list, search and brief pages rendered in ≤ ${database === "SQLite" ? 25 : 40} ms (median, each page)`,
      pages: (url) => LIST_OR_SEARCH(url) || BRIEF(url),
      maxMs: database === "SQLite" ? 25 : 40,
    },
    { label: "/coverage (every view) rendered in ≤ 60 ms (median, each view)", pages: COVERAGE, maxMs: 60 },
  ];
}

/** Met when every page the target covers was measured and its median is within it; the worst page is the measurement. */
export function checkRenderTarget(target: RenderTarget, pages: readonly UrlAcrossRuns[], suffix = ""): TargetCheck {
  const covered = pages.filter((page) => target.pages(page.url));
  const label = `${target.label}${suffix}`;
  if (!covered.length || covered.some((page) => !Number.isFinite(page.medianMs)))
    return { target: label, measured: "not measured", met: false };
  const over = covered.filter((page) => page.medianMs > target.maxMs);
  const worst = covered.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  return {
    target: label,
    measured: over.length
      ? `${over.length} of ${covered.length} over: ${over.map((page) => `\`${page.url}\` ${ms(page.medianMs)} ms`).join(", ")}`
      : `all ${covered.length} within; slowest \`${worst.url}\` ${ms(worst.medianMs)} ms`,
    met: over.length === 0,
  };
}
