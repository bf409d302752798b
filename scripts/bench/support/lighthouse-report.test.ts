import { describe, expect, it } from "vitest";
import {
  describeTarget,
  evaluateTarget,
  failingAudits,
  failingAuditsList,
  medianRun,
  parseLighthouseResult,
  performanceNote,
  scoresTable,
  summarisePage,
  type LighthouseResultLike,
  type PageRun,
} from "@/scripts/bench/support/lighthouse-report";

function audit(
  id: string,
  score: number | null,
  scoreDisplayMode = "binary",
  extra: { displayValue?: string; numericValue?: number } = {},
) {
  return { id, title: `Title of ${id}`, score, scoreDisplayMode, ...extra };
}

function result(overrides: Partial<LighthouseResultLike> = {}): LighthouseResultLike {
  return {
    requestedUrl: "http://127.0.0.1:3300/",
    finalDisplayedUrl: "http://127.0.0.1:3300/",
    lighthouseVersion: "12.2.3",
    environment: { benchmarkIndex: 1800 },
    categories: {
      performance: {
        score: 0.961,
        auditRefs: [
          { id: "total-blocking-time", weight: 30 },
          { id: "first-contentful-paint", weight: 10 },
          { id: "unused-javascript", weight: 0 },
          { id: "bf-cache", weight: 0 },
        ],
      },
      accessibility: {
        score: 0.96,
        auditRefs: [
          { id: "target-size", weight: 7 },
          { id: "color-contrast", weight: 7 },
          { id: "aria-allowed-role", weight: 0 },
        ],
      },
      "best-practices": {
        score: 1,
        auditRefs: [
          { id: "errors-in-console", weight: 1 },
          { id: "deprecations", weight: 5 },
        ],
      },
      seo: { score: 1, auditRefs: [{ id: "document-title", weight: 1 }] },
    },
    audits: {
      "total-blocking-time": audit("total-blocking-time", 0.95, "numeric", {
        displayValue: "120 ms",
        numericValue: 120,
      }),
      "first-contentful-paint": audit("first-contentful-paint", 1, "numeric", {
        displayValue: "0.3 s",
        numericValue: 300,
      }),
      "unused-javascript": audit("unused-javascript", 0.5, "metricSavings", {
        displayValue: "Potential savings of 29 KiB",
      }),
      "bf-cache": audit("bf-cache", 1, "binary"),
      "target-size": audit("target-size", 0),
      "color-contrast": audit("color-contrast", 1),
      "aria-allowed-role": audit("aria-allowed-role", null, "notApplicable"),
      "errors-in-console": audit("errors-in-console", 1),
      deprecations: audit("deprecations", 1),
      "document-title": audit("document-title", 1),
    },
    ...overrides,
  };
}

function run(performance: number | null, overrides: Partial<PageRun> = {}): PageRun {
  return {
    url: "http://127.0.0.1:3300/",
    finalUrl: "http://127.0.0.1:3300/",
    scores: { performance, accessibility: 100, "best-practices": 100, seo: 100 },
    failingAudits: [],
    runtimeError: null,
    benchmarkIndex: 1500,
    loadAverage: 1,
    metrics: {},
    ...overrides,
  };
}

describe("parseLighthouseResult", () => {
  it("turns category scores into 0–100 and keeps the CPU measure and metrics", () => {
    const parsed = parseLighthouseResult("http://127.0.0.1:3300/", result(), 1.5);
    expect(parsed.scores).toEqual({ performance: 96, accessibility: 96, "best-practices": 100, seo: 100 });
    expect(parsed.benchmarkIndex).toBe(1800);
    expect(parsed.loadAverage).toBe(1.5);
    expect(parsed.metrics["total-blocking-time"]).toBe(120);
    expect(parsed.metrics["speed-index"]).toBeNull();
    expect(parsed.runtimeError).toBeNull();
  });

  it("scores nothing when Lighthouse could not load the page", () => {
    const parsed = parseLighthouseResult(
      "u",
      result({ runtimeError: { code: "CHROME_INTERSTITIAL_ERROR", message: "Chrome prevented page load" } }),
    );
    expect(parsed.scores.performance).toBeNull();
    expect(parsed.failingAudits).toEqual([]);
    expect(parsed.runtimeError).toBe("CHROME_INTERSTITIAL_ERROR: Chrome prevented page load");
  });
});

describe("failingAudits", () => {
  it("lists weighted audits that cost points and unweighted ones Lighthouse shows as failed, skipping not-applicable ones", () => {
    const failing = failingAudits(result());
    expect(failing.map((entry) => `${entry.category}/${entry.id}/${entry.weight}`)).toEqual([
      "performance/total-blocking-time/30",
      "performance/unused-javascript/0",
      "accessibility/target-size/7",
    ]);
    expect(failing[0]).toMatchObject({ title: "Title of total-blocking-time", score: 0.95, displayValue: "120 ms" });
    expect(failing[2].displayValue).toBeNull();
  });
});

describe("medianRun", () => {
  it("takes the run with the median performance score, the lower middle of an even count", () => {
    expect(medianRun([run(80), run(99), run(93)]).scores.performance).toBe(93);
    expect(medianRun([run(100), run(90), run(95), run(97)]).scores.performance).toBe(95);
  });

  it("ranks a failed run lowest", () => {
    expect(medianRun([run(null), run(90), run(99)]).scores.performance).toBe(90);
    expect(() => medianRun([])).toThrow(/No Lighthouse runs/);
  });
});

describe("tables and target", () => {
  const pages = [
    summarisePage("list", "/", [run(97), run(99), run(100)]),
    summarisePage(
      "brief",
      "/briefs/a",
      [run(100, { scores: { performance: 100, accessibility: 94, "best-practices": 100, seo: 100 } })],
      "loopback origin",
    ),
  ];

  it("prints one row per page with the median scores and every run's performance", () => {
    const table = scoresTable(pages);
    expect(table.split("\n")[0]).toBe(
      "| Page | Performance | Accessibility | Best practices | SEO | performance per run |",
    );
    expect(table).toContain("| `/` | 99 | 100 | 100 | 100 | 97, 99, 100 |");
    expect(table).toContain("| `/briefs/a` | 100 | 94 | 100 | 100 | 100 |");
  });

  it("keeps every run beside the median", () => {
    expect(pages[0].runs.map((entry) => entry.scores.performance)).toEqual([97, 99, 100]);
    expect(pages[0].median.scores.performance).toBe(99);
  });

  it("lists failing audits and notes per page", () => {
    const withAudit = [
      summarisePage(
        "list",
        "/",
        [
          run(96, {
            failingAudits: [
              {
                category: "performance",
                id: "total-blocking-time",
                title: "Total Blocking Time",
                score: 0.9,
                displayValue: "150 ms",
                weight: 30,
              },
            ],
          }),
        ],
        "CPU-bound",
      ),
      summarisePage("brief", "/briefs/a", [run(null, { runtimeError: "CHROME_INTERSTITIAL_ERROR: x" })]),
    ];
    expect(failingAuditsList(withAudit)).toBe(
      [
        "- `/` performance: `total-blocking-time` Total Blocking Time (150 ms), score 0.90, weight 30",
        "  - note: CPU-bound",
        "- `/briefs/a`: Lighthouse failed: CHROME_INTERSTITIAL_ERROR: x",
      ].join("\n"),
    );
    expect(failingAuditsList([summarisePage("list", "/", [run(100)])])).toBe("No failing audits.");
  });

  it("states the goal and the floor separately", () => {
    const target = evaluateTarget(pages);
    expect(target).toMatchObject({
      met: false,
      floorMet: false,
      belowGoal: ["/ performance 99", "/briefs/a accessibility 94"],
      belowFloor: ["/briefs/a accessibility 94"],
    });
    expect(describeTarget(target)).toBe(
      "Target: 100 in every category on every page → NOT MET (/ performance 99; /briefs/a accessibility 94)\nFloor: none below 95 → NOT MET (/briefs/a accessibility 94)",
    );
    const allGood = evaluateTarget([summarisePage("list", "/", [run(100)])]);
    expect(describeTarget(allGood)).toBe(
      "Target: 100 in every category on every page → MET\nFloor: none below 95 → MET",
    );
  });

  it("counts a page Lighthouse could not score as below both", () => {
    const target = evaluateTarget([
      summarisePage("list", "/", [
        run(null, { scores: { performance: null, accessibility: null, "best-practices": null, seo: null } }),
      ]),
    ]);
    expect(target.belowFloor).toHaveLength(4);
    expect(target.floorMet).toBe(false);
  });
});

describe("performanceNote", () => {
  const tbt = {
    category: "performance" as const,
    id: "total-blocking-time",
    title: "Total Blocking Time",
    score: 0.89,
    displayValue: "150 ms",
    weight: 30,
  };
  const unusedJs = {
    category: "performance" as const,
    id: "unused-javascript",
    title: "Reduce unused JavaScript",
    score: 0,
    displayValue: "29 KiB",
    weight: 0,
  };

  it("explains a score lost on timing metrics with each run's CPU measure and load", () => {
    const runs = [
      run(96, { benchmarkIndex: 2114, loadAverage: 4.32, failingAudits: [tbt, unusedJs] }),
      run(74, { benchmarkIndex: 442, loadAverage: 4.56 }),
      run(100, { benchmarkIndex: 1311.5, loadAverage: 4.79 }),
    ];
    expect(performanceNote(runs, 2)).toBe(
      "Performance 96 lost only on timing metrics (total-blocking-time 150 ms); no opportunity or diagnostic costs points. " +
        "Those timings follow the CPU this machine gave the run: performance per run 96, 74, 100 at benchmarkIndex 2114, 442, 1311.5, " +
        "one-minute load average 4.3–4.8 on 2 CPUs; the best run scored 100.",
    );
  });

  it("adds what the page scored without its scripts", () => {
    const runs = [
      run(94, { failingAudits: [tbt], metrics: { "total-blocking-time": 183 } }),
      run(99, { metrics: { "total-blocking-time": 87.4 } }),
    ];
    const scriptless = [
      run(100, { metrics: { "total-blocking-time": 0 } }),
      run(100, { metrics: { "total-blocking-time": 44 } }),
    ];
    expect(performanceNote(runs, 2, scriptless)).toMatch(
      / The same HTML and CSS with every script taken out scored 100, 100 \(total-blocking-time 0–44 ms, against 87–183 ms\) in runs taken between these\.$/,
    );
    expect(summarisePage("brief", "/briefs/a", runs, null, scriptless).scriptlessRuns).toHaveLength(2);
    expect(summarisePage("brief", "/briefs/a", runs).scriptlessRuns).toBeNull();
  });

  it("says nothing at 100, for a failed run, or when something other than a metric costs points", () => {
    expect(performanceNote([run(100)], 2)).toBeNull();
    expect(performanceNote([run(null)], 2)).toBeNull();
    const opportunity = { ...unusedJs, weight: 5 };
    expect(performanceNote([run(90, { failingAudits: [tbt, opportunity] })], 2)).toBeNull();
  });
});
