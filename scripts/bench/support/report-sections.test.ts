import { describe, expect, it } from "vitest";
import type { RouteReport } from "@/scripts/bench/support/first-load-js";
import {
  databaseComparisonSection,
  firstLoadSection,
  ingestSection,
  latencySection,
  lighthouseSection,
  loadSection,
  renderBreakdownSection,
  triageLoadSection,
} from "@/scripts/bench/support/report-sections";

describe("report sections", () => {
  it("show a part that did not run as not measured, never as met", () => {
    for (const section of [
      ingestSection(null),
      latencySection([null, null, null]),
      loadSection(null),
      triageLoadSection(null),
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

  it("hold the triage part's pages to the p99 bound and its writes to none lost: every stale one refused, every other taken", () => {
    const result = (name: string, p99Ms: number) => ({
      name,
      url: `/${name}`,
      requests: 100,
      errors: 0,
      firstError: null,
      seconds: 1,
      requestsPerSecond: 100,
      p50Ms: 1,
      p99Ms,
    });
    const writes = {
      sent: 22,
      applied: 20,
      refused: 2,
      staleSent: 2,
      failed: 0,
      firstFailure: null,
      p50Ms: 9,
      p99Ms: 30,
      perSecond: 20,
    };
    const json = {
      connections: 32,
      seconds: 15,
      warmupSeconds: 2,
      memoryBytes: { before: null, after: null },
      results: [result("status", 140), result("brief", 160)],
      triage: { briefs: 20000, events: 41000, seedSeconds: 2 },
      writes,
    };
    const section = triageLoadSection(json);
    expect(section.targets.map((target) => [target.target, target.met])).toEqual([
      ["status-filtered list p99 ≤ 150 ms, 0 errors", true],
      ["brief page p99 ≤ 150 ms, 0 errors", false],
      ["every triage write taken, every stale one refused (412), none lost", true],
    ]);
    expect(section.notes).toContain(
      "Triage writes during the run: 20 changes (20.0/s, one at a time) and 2 stale ones; 20 applied, 2 refused; PATCH p50 9.0 ms, p99 30.0 ms.",
    );
    const lost = triageLoadSection({
      ...json,
      writes: { ...writes, applied: 19, failed: 1, firstFailure: "HTTP 412" },
    });
    expect(lost.targets.at(-1)).toMatchObject({ met: false });
    expect(lost.notes).toContain("First unexpected answer to a write: HTTP 412.");
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
      samplesMs: [medianMs],
      medianMs,
      p90Ms: medianMs,
      maxMs: medianMs,
      errors: 0,
    });
    const latency = (searchMs: number, briefSlug = "a") => ({
      baseUrl: "",
      measuredAt: "",
      warmupRequests: 5,
      measuredRequests: 30,
      results: [page("/", 20), page("/?q=token", searchMs), page(`/briefs/${briefSlug}`, 30)],
      target: { url: "/?q=token", medianBelowMs: 150, medianMs: searchMs, met: searchMs < 150 },
    });
    const section = databaseComparisonSection(
      { ingest: ingest(8), latency: [latency(50), latency(52), latency(48)] },
      {
        ingest: ingest(12),
        afterSeeding: [latency(200, "b"), latency(140, "b"), latency(130, "b")],
        settled: [latency(100, "b"), latency(90, "b"), latency(95, "b")],
      },
    );
    expect(section.table.split("\n").slice(2)).toEqual([
      "| ingest: (b) first ingest | 8.00 s | 12.00 s | – | 1.50× |",
      "| `/` (ms) | 20.0 (20.0–20.0) | 20.0 (20.0–20.0) | 20.0 (20.0–20.0) | 1.00× |",
      "| `/?q=token` (ms) | 50.0 (48.0–52.0) | 140.0 (130.0–200.0) | 95.0 (90.0–100.0) | 1.90× |",
      "| `/briefs/b` (ms) | 30.0 (30.0–30.0) | 30.0 (30.0–30.0) | 30.0 (30.0–30.0) | 1.00× |",
    ]);
    expect(section.targets.slice(0, 2)).toEqual([
      {
        target:
          "filtered + searched list on PostgreSQL right after seeding rendered in < 150 ms (median of the runs' medians)",
        measured: "140.0 (130.0–200.0)",
        met: true,
      },
      {
        target: "filtered + searched list on PostgreSQL settled rendered in < 150 ms (median of the runs' medians)",
        measured: "95.0 (90.0–100.0)",
        met: true,
      },
    ]);
    // The render targets on PostgreSQL: 40 ms for the list, search and brief pages.
    expect(section.targets[2]).toMatchObject({ met: false, measured: "1 of 3 over: `/?q=token` 95.0 ms" });
    expect(section.notes).toContain(
      "PostgreSQL right after seeding, run 1 disagrees with the other runs (median more than 25% away) on 1 of 3 pages: `/?q=token`.",
    );
    const skipped = databaseComparisonSection({ ingest: ingest(8), latency: [latency(50)] }, { skipped: "no server" });
    expect(skipped.targets[0]).toMatchObject({ measured: "not measured", met: false });
    expect(skipped.method).toContain("no server");
  });
});

describe("render breakdown", () => {
  it("sets each page's data time against its render time and says whether it is within its target", () => {
    const run = (ms: number) => ({
      baseUrl: "",
      measuredAt: "",
      warmupRequests: 1,
      measuredRequests: 1,
      results: [
        { url: "/", matched: 10, samplesMs: [ms], medianMs: ms, p90Ms: ms, maxMs: ms, errors: 0, htmlBytes: 163_840 },
        { url: "/coverage", matched: 10, samplesMs: [50], medianMs: 50, p90Ms: 50, maxMs: 50, errors: 0 },
      ],
      target: { url: "/", medianBelowMs: 150, medianMs: ms, met: true },
    });
    const breakdown = (dataMs: number) => ({
      database: "SQLite",
      samples: 15,
      pages: [
        { url: "/", dataMs, htmlBytes: 163_840 },
        { url: "/coverage", dataMs: null, htmlBytes: null },
      ],
    });
    const section = renderBreakdownSection({ runs: [run(30), run(28), run(32)], breakdown: breakdown(4) }, null);
    expect(section.table.split("\n").slice(2)).toEqual([
      "| SQLite | `/` | 30.0 | 4.0 | 26.0 | 160 | over 25 |",
      "| SQLite | `/coverage` | 50.0 | – | – | – | within |",
    ]);
    expect(section.targets).toEqual([]);
  });
});
