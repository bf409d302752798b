import { describe, expect, it } from "vitest";
import { renderReport, targetsTable, type ReportSection } from "@/scripts/bench/support/report";

const sections: ReportSection[] = [
  {
    title: "Ingest",
    method: "Whole processes.",
    table: "| a | b |\n| --- | --- |",
    targets: [{ target: "first ingest ≤ 2.5× parse", measured: "1.9×", met: true }],
  },
  {
    title: "Lighthouse",
    method: "Desktop preset.",
    table: "| page | perf |\n| --- | --- |",
    notes: ["SEO 92 on the list: a | in a title"],
    targets: [{ target: "100 in every category", measured: "list SEO 92", met: false }],
  },
];

describe("renderReport", () => {
  it("lists every target with its measurement and says how many were missed", () => {
    const report = renderReport({ measuredAt: "2026-11-28T09:00:00Z", machine: "2 cores", mode: "full" }, sections);
    expect(report).toContain("1 target(s) not met");
    expect(report).toContain("| Ingest | first ingest ≤ 2.5× parse | 1.9× | met |");
    expect(report).toContain("| Lighthouse | 100 in every category | list SEO 92 | **not met** |");
    expect(report).toContain("## Lighthouse\n\nDesktop preset.\n\n| page | perf |");
    expect(report).toContain("- SEO 92 on the list: a | in a title");
  });

  it("says so when every target is met", () => {
    expect(renderReport({ measuredAt: "now", machine: "m", mode: "smoke" }, [sections[0]])).toContain(
      "Every target met.",
    );
  });
});

describe("targetsTable", () => {
  it("escapes pipes inside cells so the table keeps its columns", () => {
    const table = targetsTable([{ ...sections[0], targets: [{ target: "a|b", measured: "c", met: true }] }]);
    expect(table.split("\n")[2]).toBe("| Ingest | a\\|b | c | met |");
  });
});
