import { describe, expect, it } from "vitest";
import { describeTarget, latencyTable, median, percentile, summarise } from "@/scripts/bench/support/latency-report";

describe("latency statistics", () => {
  it("takes the median of odd and even samples, and nearest-rank percentiles", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const samples = Array.from({ length: 10 }, (_, index) => index + 1);
    expect(percentile(samples, 0.9)).toBe(9);
    expect(percentile(samples, 1)).toBe(10);
    expect(percentile([7], 0.9)).toBe(7);
  });

  it("renders a row per URL and a dash where nothing was measured", () => {
    const table = latencyTable([summarise("/", [10, 20, 30], 0, 42), summarise("/?q=token", [], 3, null)]);
    expect(table).toContain("| `/` | 42 | 20.0 | 30.0 | 30.0 | 0 |");
    expect(table).toContain("| `/?q=token` | – | – | – | – | 3 |");
  });

  it("states whether the target was met", () => {
    expect(describeTarget({ url: "/?q=x", medianBelowMs: 150, medianMs: 90, met: true })).toMatch(
      /median 90\.0 ms → MET$/,
    );
    expect(describeTarget({ url: "/?q=x", medianBelowMs: 150, medianMs: null, met: false })).toMatch(
      /not measured → NOT MET$/,
    );
  });
});
