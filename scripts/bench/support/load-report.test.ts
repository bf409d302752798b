import { describe, expect, it } from "vitest";
import {
  checkLoadTargets,
  checkTriageLoadTargets,
  loadTable,
  summariseLoad,
  type LoadResult,
} from "@/scripts/bench/support/load-report";

function result(name: LoadResult["name"], requestsPerSecond: number, p99Ms: number, errors = 0): LoadResult {
  return {
    name,
    url: `/${name}`,
    requests: requestsPerSecond * 10,
    errors,
    firstError: null,
    seconds: 10,
    requestsPerSecond,
    p50Ms: p99Ms / 2,
    p99Ms,
  };
}

describe("summariseLoad", () => {
  it("counts failed requests in the rate but not in the latencies", () => {
    const summary = summariseLoad("list", "/", [10, 20, 30, 40], 1, "HTTP 500", 5);
    expect(summary).toMatchObject({
      requests: 5,
      requestsPerSecond: 1,
      p50Ms: 25,
      p99Ms: 40,
      errors: 1,
      firstError: "HTTP 500",
    });
  });
});

describe("checkLoadTargets", () => {
  it("meets every target when filtered and search p99 are within 150 ms and the list keeps up with a third of the static file", () => {
    const checks = checkLoadTargets([
      result("list", 400, 90),
      result("filtered", 380, 149),
      result("search", 390, 150),
      result("static", 1000, 40),
    ]);
    expect(checks.map((check) => check.met)).toEqual([true, true, true, true]);
  });

  it("names each missed target", () => {
    const checks = checkLoadTargets([
      result("list", 200, 90),
      result("filtered", 380, 151),
      result("search", 390, 100, 2),
      result("static", 1000, 40),
    ]);
    expect(checks.filter((check) => !check.met).map((check) => check.target)).toEqual([
      "severity + tactic filtered list p99 ≤ 150 ms, 0 errors",
      "search p99 ≤ 150 ms, 0 errors",
      "list throughput ≥ 0.3× the static asset's",
      "no errors under load",
    ]);
  });

  it("does not call a target met when it was not measured", () => {
    expect(checkLoadTargets([]).every((check) => !check.met)).toBe(true);
  });
});

describe("loadTable", () => {
  it("shows one row per measured page", () => {
    const table = loadTable([result("list", 400, 90), result("static", 1000, 40)]);
    expect(table.split("\n")).toHaveLength(4);
    expect(table).toContain("| list | `/list` | 4000 | 400 | 45.0 | 90.0 | 0 |");
  });
});

describe("checkTriageLoadTargets", () => {
  it("holds the status-filtered list and the brief page each to the p99 bound without errors", () => {
    const checks = checkTriageLoadTargets([result("status", 800, 120), result("brief", 900, 151)]);
    expect(checks.map((check) => [check.target, check.met])).toEqual([
      ["status-filtered list p99 ≤ 150 ms, 0 errors", true],
      ["brief page p99 ≤ 150 ms, 0 errors", false],
    ]);
    expect(checkTriageLoadTargets([result("status", 800, 20, 1)])).toEqual([
      expect.objectContaining({ measured: "p99 20.0 ms, 1 errors", met: false }),
      { target: "brief page p99 ≤ 150 ms, 0 errors", measured: "not measured", met: false },
    ]);
  });
});
