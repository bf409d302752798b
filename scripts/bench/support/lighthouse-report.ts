/** Scores, failing audits, the markdown table and the target of a Lighthouse run over a few pages. */

export const CATEGORY_IDS = ["performance", "accessibility", "best-practices", "seo"] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];
export type CategoryScores = Record<CategoryId, number | null>;

const CATEGORY_LABELS: Record<CategoryId, string> = {
  performance: "Performance",
  accessibility: "Accessibility",
  "best-practices": "Best practices",
  seo: "SEO",
};

/** The parts of a Lighthouse result (LHR) read here; the full type lives in the lighthouse package. */
export type LighthouseResultLike = {
  requestedUrl?: string;
  finalDisplayedUrl?: string;
  lighthouseVersion?: string;
  runtimeError?: { code: string; message: string };
  environment?: { benchmarkIndex?: number; hostUserAgent?: string };
  categories: Partial<Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>>;
  audits: Record<
    string,
    {
      id: string;
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      displayValue?: string;
      numericValue?: number;
    }
  >;
};

export type FailingAudit = {
  category: CategoryId;
  id: string;
  title: string;
  /** 0–1 as Lighthouse gives it. */
  score: number;
  displayValue: string | null;
  /** The audit's weight in its category; 0 for diagnostics that cost no points themselves. */
  weight: number;
};

export type PageRun = {
  url: string;
  finalUrl: string | null;
  scores: CategoryScores;
  failingAudits: FailingAudit[];
  runtimeError: string | null;
  /** Lighthouse's measure of this machine's CPU at the time of the run (higher is faster). */
  benchmarkIndex: number | null;
  /** The machine's one-minute load average as the run started: other work competing for the CPU. */
  loadAverage: number | null;
  metrics: Record<string, number | null>;
};

export type PageResult = {
  /** What the page is ("list", "brief", "overview"). */
  name: string;
  path: string;
  /** The run whose performance score is the median of the runs; its scores are the page's scores. */
  median: PageRun;
  runs: PageRun[];
  /** The same pages with every script taken out, run between the real runs (the bench's --control). */
  scriptlessRuns: PageRun[] | null;
  /** What kept a score below 100 that lies with the machine the bench ran on rather than the app. */
  note: string | null;
};

export type LighthouseTarget = {
  goal: number;
  floor: number;
  belowGoal: string[];
  belowFloor: string[];
  /** Every category on every page at the goal. */
  met: boolean;
  /** No category on any page under the floor. */
  floorMet: boolean;
};

const METRIC_AUDITS: readonly string[] = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
];

/** Lighthouse shows an audit as passed from 0.9 up; a weighted audit under 1 still costs points. */
const PASS_THRESHOLD = 0.9;
const SCORED_MODES = new Set(["binary", "numeric", "metricSavings"]);

function toPercent(score: number | null | undefined): number | null {
  return typeof score === "number" ? Math.round(score * 100) : null;
}

/** Audits that cost their category points, or that Lighthouse shows as failed, with the category they sit in. */
export function failingAudits(result: LighthouseResultLike): FailingAudit[] {
  const failing: FailingAudit[] = [];
  for (const category of CATEGORY_IDS) {
    for (const ref of result.categories[category]?.auditRefs ?? []) {
      const audit = result.audits[ref.id];
      if (!audit || audit.score === null || !SCORED_MODES.has(audit.scoreDisplayMode)) continue;
      const costsPoints = ref.weight > 0 && audit.score < 1;
      if (!costsPoints && audit.score >= PASS_THRESHOLD) continue;
      failing.push({
        category,
        id: audit.id,
        title: audit.title,
        score: audit.score,
        displayValue: audit.displayValue ?? null,
        weight: ref.weight,
      });
    }
  }
  return failing;
}

export function parseLighthouseResult(
  url: string,
  result: LighthouseResultLike,
  loadAverage: number | null = null,
): PageRun {
  const scores = Object.fromEntries(
    CATEGORY_IDS.map((id) => [id, result.runtimeError ? null : toPercent(result.categories[id]?.score)]),
  ) as CategoryScores;
  const metrics = Object.fromEntries(METRIC_AUDITS.map((id) => [id, result.audits[id]?.numericValue ?? null]));
  return {
    url,
    finalUrl: result.finalDisplayedUrl ?? null,
    scores,
    failingAudits: result.runtimeError ? [] : failingAudits(result),
    runtimeError: result.runtimeError ? `${result.runtimeError.code}: ${result.runtimeError.message}` : null,
    benchmarkIndex: result.environment?.benchmarkIndex ?? null,
    loadAverage,
    metrics,
  };
}

/**
 * The run with the median performance score (the lower middle of an even count), as Lighthouse
 * advises for a noisy machine; a run that failed counts as the lowest.
 */
export function medianRun(runs: readonly PageRun[]): PageRun {
  if (runs.length === 0) throw new Error("No Lighthouse runs to choose from");
  const ranked = [...runs].sort((a, b) => (a.scores.performance ?? -1) - (b.scores.performance ?? -1));
  return ranked[Math.floor((ranked.length - 1) / 2)];
}

export function summarisePage(
  name: string,
  path: string,
  runs: readonly PageRun[],
  note: string | null = null,
  scriptlessRuns: readonly PageRun[] | null = null,
): PageResult {
  return {
    name,
    path,
    median: medianRun(runs),
    runs: [...runs],
    scriptlessRuns: scriptlessRuns ? [...scriptlessRuns] : null,
    note,
  };
}

function cell(score: number | null): string {
  return score === null ? "–" : String(score);
}

export function scoresTable(pages: readonly PageResult[]): string {
  const header = `| Page | ${CATEGORY_IDS.map((id) => CATEGORY_LABELS[id]).join(" | ")} | performance per run |`;
  const rule = `| --- | ${CATEGORY_IDS.map(() => "---:").join(" | ")} | --- |`;
  const rows = pages.map(
    (page) =>
      `| \`${page.path}\` | ${CATEGORY_IDS.map((id) => cell(page.median.scores[id])).join(" | ")} | ${page.runs.map((run) => cell(run.scores.performance)).join(", ")} |`,
  );
  return [header, rule, ...rows].join("\n");
}

/** One line per audit that kept a page below 100, grouped by page. */
export function failingAuditsList(pages: readonly PageResult[]): string {
  const lines: string[] = [];
  for (const page of pages) {
    if (page.median.runtimeError) {
      lines.push(`- \`${page.path}\`: Lighthouse failed: ${page.median.runtimeError}`);
      continue;
    }
    for (const audit of page.median.failingAudits) {
      const value = audit.displayValue ? ` (${audit.displayValue})` : "";
      lines.push(
        `- \`${page.path}\` ${audit.category}: \`${audit.id}\` ${audit.title}${value}, score ${audit.score.toFixed(2)}, weight ${audit.weight}`,
      );
    }
    if (page.note) lines.push(`  - note: ${page.note}`);
  }
  return lines.length ? lines.join("\n") : "No failing audits.";
}

export function evaluateTarget(pages: readonly PageResult[], goal = 100, floor = 95): LighthouseTarget {
  const belowGoal: string[] = [];
  const belowFloor: string[] = [];
  for (const page of pages) {
    for (const id of CATEGORY_IDS) {
      const score = page.median.scores[id];
      const label = `${page.path} ${id} ${cell(score)}`;
      if (score === null || score < goal) belowGoal.push(label);
      if (score === null || score < floor) belowFloor.push(label);
    }
  }
  return { goal, floor, belowGoal, belowFloor, met: belowGoal.length === 0, floorMet: belowFloor.length === 0 };
}

export function describeTarget(target: LighthouseTarget): string {
  const goal = target.met ? "MET" : `NOT MET (${target.belowGoal.join("; ")})`;
  const floor = target.floorMet ? "MET" : `NOT MET (${target.belowFloor.join("; ")})`;
  return `Target: ${target.goal} in every category on every page → ${goal}\nFloor: none below ${target.floor} → ${floor}`;
}

function range(values: readonly (number | null)[], digits: number): string {
  const known = values.filter((value): value is number => value !== null);
  if (!known.length) return "unknown";
  const low = Math.min(...known).toFixed(digits);
  const high = Math.max(...known).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
}

/**
 * When performance is below 100 and only the timing metrics cost it points (no opportunity or
 * diagnostic does), says so with what those timings depend on here: the CPU Lighthouse measured
 * (benchmarkIndex) and the load on the machine, run by run, and what the page scored with its
 * scripts taken out, when that was measured.
 */
export function performanceNote(
  runs: readonly PageRun[],
  cpus: number,
  scriptless: readonly PageRun[] | null = null,
): string | null {
  const median = medianRun(runs);
  const score = median.scores.performance;
  if (score === null || score === 100) return null;
  const costing = median.failingAudits.filter((audit) => audit.category === "performance" && audit.weight > 0);
  if (costing.some((audit) => !METRIC_AUDITS.includes(audit.id))) return null;
  const metrics = costing.map((audit) => `${audit.id} ${audit.displayValue ?? audit.score.toFixed(2)}`).join(", ");
  const best = runs.reduce((top, run) => ((run.scores.performance ?? -1) > (top.scores.performance ?? -1) ? run : top));
  return [
    `Performance ${score} lost only on timing metrics (${metrics}); no opportunity or diagnostic costs points.`,
    `Those timings follow the CPU this machine gave the run: performance per run ${runs.map((run) => cell(run.scores.performance)).join(", ")}`,
    `at benchmarkIndex ${runs.map((run) => run.benchmarkIndex ?? "–").join(", ")}, one-minute load average ${range(
      runs.map((run) => run.loadAverage),
      1,
    )} on ${cpus} CPUs;`,
    `the best run scored ${cell(best.scores.performance)}.`,
    ...(scriptless?.length
      ? [
          `The same HTML and CSS with every script taken out scored ${scriptless.map((run) => cell(run.scores.performance)).join(", ")}`,
          `(total-blocking-time ${range(
            scriptless.map((run) => run.metrics["total-blocking-time"] ?? null),
            0,
          )} ms, against ${range(
            runs.map((run) => run.metrics["total-blocking-time"] ?? null),
            0,
          )} ms) in runs taken between these.`,
        ]
      : []),
  ].join(" ");
}
