import { describe, expect, it } from "vitest";
import type { RouteReport } from "@/scripts/bench/support/first-load-js";
import {
  databaseComparisonSection,
  firstLoadSection,
  ingestSection,
  latencySection,
  lighthouseSection,
  loadSection,
} from "@/scripts/bench/support/report-sections";

describe("report sections", () => {
  it("show a part that did not run as not measured, never as met", () => {
    for (const section of [
      ingestSection(null),
      latencySection(null),
      loadSection(null),
      lighthouseSection(null),
      firstLoadSection(null),
    ]) {
      expect(section.targets.length).toBeGreaterThan(0);
      expect(section.targets.every((target) => !target.met && target.measured === "not measured")).toBe(true);
    }
  });

  it("give each ingest scenario's CPU time against parse-only's as evidence beside its targets", () => {
    const scenario = (name: string, label: string, wall: number, cpu: number) => ({
      name,
      label,
      samples: [],
      medianWallSeconds: wall,
      medianPeakRssMiB: 200,
      medianCpuSeconds: cpu,
      wallRatio: wall / 1.5,
      memoryRatio: 1,
    });
    const section = ingestSection({
      feed: { items: 10000, bytes: 30 * 1024 ** 2 },
      runs: 3,
      scenarios: [scenario("parseOnly", "(a) parse only", 1.5, 2), scenario("firstIngest", "(b) first ingest", 8, 10)],
      targets: [
        {
          description: "first ingest wall time ≤ 2.5 × parse-only",
          scenario: "firstIngest",
          measure: "wallRatio",
          atMost: 2.5,
          measured: 5.33,
          met: false,
        },
      ],
    });
    expect(section.title).toBe("Ingest (10,000 items)");
    expect(section.targets).toEqual([
      { target: "first ingest wall time ≤ 2.5 × parse-only", measured: "5.33×", met: false },
    ]);
    expect(section.notes?.[0]).toBe(
      "(b) first ingest: 10.00 s of CPU against 2.00 s for parse only (5.00×) in 8.00 s of wall time.",
    );
  });

  it("check the load targets from the load script's results", () => {
    const result = (name: string, requestsPerSecond: number, p99Ms: number) => ({
      name,
      url: `/${name}`,
      requests: 100,
      errors: 0,
      firstError: null,
      seconds: 1,
      requestsPerSecond,
      p50Ms: 1,
      p99Ms,
    });
    const section = loadSection({
      connections: 32,
      seconds: 15,
      warmupSeconds: 2,
      coldRendersMs: { list: 120 },
      memoryBytes: { before: 300 * 1024 ** 2, after: 350 * 1024 ** 2 },
      results: [
        result("list", 900, 60),
        result("filtered", 800, 149),
        result("search", 800, 151),
        result("static", 1000, 20),
      ],
    });
    expect(section.title).toBe("Under load (32 connections)");
    expect(section.targets.map((target) => target.met)).toEqual([true, false, true, true]);
    expect(section.notes).toContain("Server memory (all its processes): 300 MiB before, 350 MiB after.");
  });

  it("hold the brief page to the framework runtime plus small islands", () => {
    const bytes = (gzip: number) => ({ raw: gzip * 3, gzip });
    const brief = (beyond: number): RouteReport => ({
      route: "/briefs/[slug]",
      url: "/briefs/x",
      chunks: [],
      totals: {
        runtime: bytes(132_000),
        shared: bytes(7_000),
        route: bytes(beyond - 7_000),
        total: bytes(132_000 + beyond),
      },
      onlyInHtml: [],
      onlyInManifest: [],
    });
    const small = firstLoadSection({
      routes: [brief(9_000)],
      clientEntries: [{ file: "components/copy-button.tsx", shippedBy: ["/briefs/[slug]"] }],
    });
    expect(small.targets[0]).toMatchObject({ met: true, measured: "9.0 kB gzip beyond the runtime" });
    expect(small.notes?.at(-1)).toBe("Client islands on the brief page: `components/copy-button.tsx`.");
    expect(firstLoadSection({ routes: [brief(60_000)], clientEntries: [] }).targets[0].met).toBe(false);
  });

  it("set PostgreSQL's ingest and list timings beside SQLite's, and say when PostgreSQL was not measured", () => {
    const scenario = (name: string, label: string, wall: number) => ({
      name,
      label,
      samples: [],
      medianWallSeconds: wall,
      medianPeakRssMiB: 200,
      medianCpuSeconds: wall,
      wallRatio: 1,
      memoryRatio: 1,
    });
    const ingest = (first: number) => ({
      feed: { items: 10000, bytes: 1 },
      runs: 3,
      scenarios: [scenario("parseOnly", "(a) parse only", 1), scenario("firstIngest", "(b) first ingest", first)],
      targets: [],
    });
    const page = (url: string, medianMs: number) => ({
      url,
      matched: url === "/" ? 50000 : 10,
      samplesMs: [],
      medianMs,
      p90Ms: medianMs,
      maxMs: medianMs,
      errors: 0,
    });
    const latency = (searchMs: number) => ({
      baseUrl: "",
      measuredAt: "",
      warmupRequests: 5,
      measuredRequests: 30,
      results: [page("/", 40), page("/?q=token", searchMs)],
      target: { url: "/?q=token", medianBelowMs: 150, medianMs: searchMs, met: searchMs < 150 },
    });
    const section = databaseComparisonSection(
      { ingest: ingest(8), latency: latency(50) },
      { ingest: ingest(12), latency: latency(100) },
    );
    expect(section.table.split("\n").slice(2)).toEqual([
      "| ingest: (b) first ingest | 8.00 s | 12.00 s | 1.50× |",
      "| `/` (median) | 40.0 ms | 40.0 ms | 1.00× |",
      "| `/?q=token` (median) | 50.0 ms | 100.0 ms | 2.00× |",
    ]);
    expect(section.targets).toEqual([
      {
        target: "filtered + searched list on PostgreSQL rendered in < 150 ms (median)",
        measured: "100.0 ms",
        met: true,
      },
    ]);
    const skipped = databaseComparisonSection({ ingest: ingest(8), latency: latency(50) }, { skipped: "no server" });
    expect(skipped.targets[0]).toMatchObject({ measured: "not measured", met: false });
    expect(skipped.method).toContain("no server");
  });
});
