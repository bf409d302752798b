import { describe, expect, it } from "vitest";
import {
  describeTargets,
  evaluateTargets,
  ingestTable,
  readTimeOutput,
  summariseScenarios,
  type ProcessSample,
} from "@/scripts/bench/support/ingest-report";

const sample = (wallSeconds: number, peakRssMiB: number, cpuSeconds = wallSeconds): ProcessSample => ({
  wallSeconds,
  peakRssMiB,
  cpuSeconds,
});

const summaries = summariseScenarios([
  { name: "parseOnly", label: "parse only", samples: [sample(1.2, 180), sample(1, 170), sample(1.1, 175)] },
  { name: "firstIngest", label: "first ingest", samples: [sample(2.4, 300), sample(2.2, 320), sample(2.6, 310)] },
  { name: "unchangedReingest", label: "unchanged", samples: [sample(1.5, 250), sample(1.4, 240), sample(1.6, 260)] },
  { name: "changedReingest", label: "10% changed", samples: [sample(1.8, 260)] },
]);

describe("ingest benchmark summaries", () => {
  it("takes medians and divides them by the parse-only medians", () => {
    expect(summaries.map((summary) => [summary.name, summary.medianWallSeconds, summary.medianPeakRssMiB])).toEqual([
      ["parseOnly", 1.1, 175],
      ["firstIngest", 2.4, 310],
      ["unchangedReingest", 1.5, 250],
      ["changedReingest", 1.8, 260],
    ]);
    expect(summaries[0]).toMatchObject({ wallRatio: 1, memoryRatio: 1 });
    expect(summaries[1].wallRatio).toBeCloseTo(2.4 / 1.1);
    expect(summaries[2].memoryRatio).toBeCloseTo(250 / 175);
  });

  it("needs the parse-only baseline", () => {
    expect(() => summariseScenarios([{ name: "firstIngest", label: "x", samples: [sample(1, 1)] }])).toThrow(
      /parse-only/,
    );
  });

  it("says which targets are met, each with its measured ratio", () => {
    const results = evaluateTargets(summaries);
    expect(results.map((result) => [result.scenario, result.measure, result.met])).toEqual([
      ["firstIngest", "wallRatio", true],
      ["unchangedReingest", "wallRatio", false],
      ["firstIngest", "memoryRatio", true],
      ["unchangedReingest", "memoryRatio", true],
      ["changedReingest", "memoryRatio", true],
    ]);
    expect(describeTargets(results)).toContain("- unchanged re-ingest wall time ≤ 1.3 × parse-only: 1.36× → NOT MET");
    expect(evaluateTargets(summaries.slice(0, 1))[0]).toMatchObject({ met: false, measured: Number.NaN });
  });

  it("renders a markdown row per scenario", () => {
    const table = ingestTable(summaries);
    expect(table.split("\n")[0]).toBe(
      "| scenario | median wall s | × parse-only | median peak MiB | × parse-only | median CPU s |",
    );
    expect(table).toContain("| parse only | 1.10 | 1.00× | 175 | 1.00× | 1.10 |");
    expect(table).toContain("| first ingest | 2.40 | 2.18× | 310 | 1.77× | 2.40 |");
  });
});

describe("readTimeOutput", () => {
  it("reads GNU time's figures, also after its note about a failed command", () => {
    expect(readTimeOutput("1.52 183296 1.31 0.20\n")).toEqual({ wallSeconds: 1.52, peakRssMiB: 179, cpuSeconds: 1.51 });
    expect(readTimeOutput("Command exited with non-zero status 1\n0.40 51200 0.30 0.05\n")).toMatchObject({
      peakRssMiB: 50,
    });
    expect(() => readTimeOutput("")).toThrow(/Unexpected output/);
  });
});
