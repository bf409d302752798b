import { describe, expect, it } from "vitest";
import { summarise, type LatencyReport } from "@/scripts/bench/support/latency-report";
import {
  acrossRuns,
  checkRenderTarget,
  disagrees,
  renderTargets,
  runNotes,
  runsTable,
} from "@/scripts/bench/support/latency-runs";

function run(pages: Record<string, number[]>, load = { start: 1, end: 1.5 }): LatencyReport {
  return {
    baseUrl: "",
    measuredAt: "",
    loadAverage: load,
    warmupRequests: 5,
    measuredRequests: 3,
    results: Object.entries(pages).map(([url, samples]) => summarise(url, samples, 0, url === "/" ? 50000 : 7)),
    target: { url: "/?q=token", medianBelowMs: 150, medianMs: null, met: false },
  };
}

describe("latency runs", () => {
  it("take each page's median of the runs' medians, with their range", () => {
    const pages = acrossRuns([
      run({ "/": [20, 22, 24], "/?q=token": [30, 31, 32] }),
      run({ "/": [18, 19, 20], "/?q=token": [29, 30, 31] }),
      run({ "/": [25, 26, 27], "/?q=token": [60, 61, 62] }),
    ]);
    expect(pages[0]).toMatchObject({ url: "/", matched: 50000, runMediansMs: [22, 19, 26], medianMs: 22 });
    expect(pages[0]).toMatchObject({ minMs: 19, maxMs: 26, disagreeing: [] });
    expect(pages[1]).toMatchObject({ medianMs: 31, disagreeing: [3] });
    expect(runsTable(pages).split("\n")[3]).toBe(
      "| `/?q=token` | 7 | 31.0 (30.0–61.0) | 31.0 / 30.0 / 61.0 | run 3: 61.0 | 0 |",
    );
  });

  it("call a run disagreeing when it is more than a quarter and 3 ms from the others' median", () => {
    expect(disagrees(13, 10)).toBe(false);
    expect(disagrees(126, 100)).toBe(true);
    expect(disagrees(74, 100)).toBe(true);
    expect(disagrees(125, 100)).toBe(false);
  });

  it("skip a run that did not finish, and flag nothing with fewer than three runs", () => {
    const pages = acrossRuns([run({ "/": [10] }), null, run({ "/": [40] })]);
    expect(pages[0]).toMatchObject({ runMediansMs: [10, 40], medianMs: 25, disagreeing: [] });
  });

  it("say which run disagreed on which pages, and how busy the machine was", () => {
    const runs = [
      run({ "/": [20], "/?q=token": [30] }, { start: 0.5, end: 0.9 }),
      run({ "/": [21], "/?q=token": [31] }, { start: 0.6, end: 1.1 }),
      run({ "/": [40], "/?q=token": [60] }, { start: 3.9, end: 4.2 }),
    ];
    expect(runNotes("SQLite", runs, acrossRuns(runs))).toEqual([
      "SQLite, run 3 disagrees with the other runs (median more than 25% away) on 2 of 2 pages: `/`, `/?q=token`.",
      "SQLite: one-minute load average at the start and end of each run: 0.5→0.9, 0.6→1.1, 3.9→4.2 (2 cores: above 2, other work shared the machine).",
    ]);
  });

  it("hold every page a render target covers to it, naming the pages over it", () => {
    const pages = acrossRuns([
      run({ "/": [20], "/?q=token": [30], "/briefs/x": [24], "/coverage": [50], "/coverage?matrix=all": [90] }),
    ]);
    const [list, coverage] = renderTargets("SQLite");
    expect(checkRenderTarget(list, pages)).toEqual({
      target: "list, search and brief pages rendered in ≤ 25 ms (median, each page)",
      measured: "1 of 3 over: `/?q=token` 30.0 ms",
      met: false,
    });
    expect(checkRenderTarget(coverage, pages).measured).toBe("1 of 2 over: `/coverage?matrix=all` 90.0 ms");
    expect(checkRenderTarget(renderTargets("PostgreSQL")[0], pages)).toMatchObject({
      measured: "all 3 within; slowest `/?q=token` 30.0 ms",
      met: true,
    });
    expect(checkRenderTarget(list, [])).toMatchObject({ measured: "not measured", met: false });
  });
});
