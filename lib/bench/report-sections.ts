/**
 * Each benchmark part's JSON (as its script writes it) read into a report section. The JSON comes
 * from a file, so it is read defensively: a part that failed to run shows as not measured.
 */
import { latencyTable, type LatencyReport } from "@/lib/bench/latency-report";
import { checkLoadTargets, loadTable, type LoadResult, type TargetCheck } from "@/lib/bench/load-report";
import type { ReportSection } from "@/lib/bench/report";

function notMeasured(title: string, target: string): ReportSection {
  return { title, method: "Not measured: this part failed to run (see the log above).", table: "", targets: [{ target, measured: "not measured", met: false }] };
}

function mib(bytes: number | null | undefined): string {
  return typeof bytes === "number" ? `${(bytes / 1024 ** 2).toFixed(0)} MiB` : "unknown";
}

export function latencySection(json: unknown): ReportSection {
  const title = "Render latency (50,000 briefs)";
  const report = json as LatencyReport | null;
  if (!report?.results) return notMeasured(title, "filtered + searched list rendered in < 150 ms (median)");
  return {
    title,
    method: `One request at a time, ${report.measuredRequests} per page after ${report.warmupRequests} warm-up requests. Every request carries a query parameter no other had, so the server renders it: this is what the first visitor after an ingest waits for.`,
    table: latencyTable(report.results),
    targets: [
      {
        target: `filtered + searched list rendered in < ${report.target.medianBelowMs} ms (median)`,
        measured: report.target.medianMs === null ? "not measured" : `${report.target.medianMs.toFixed(1)} ms`,
        met: report.target.met,
      },
    ],
  };
}

type LoadJson = {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  coldRendersMs: Record<string, number>;
  memoryBytes: { before: number | null; after: number | null };
  results: LoadResult[];
  targets: TargetCheck[];
};

export function loadSection(json: unknown): ReportSection {
  const title = "Under load (50,000 briefs)";
  const load = json as LoadJson | null;
  if (!load?.results) return notMeasured(title, "filtered list and search p99 ≤ 150 ms at 32 connections");
  const cold = Object.entries(load.coldRendersMs ?? {}).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(", ");
  return {
    title,
    method: `${load.connections} connections, each asking again as soon as it has its answer, for ${load.seconds} s per page after ${load.warmupSeconds} s of warm-up; the load generator runs on the same machine. Pages are answered from renders kept per data version; the static file is the stylesheet every page loads, served by Next.`,
    table: loadTable(load.results),
    notes: [`First (cold) request of each page: ${cold}.`, `Server memory (all its processes): ${mib(load.memoryBytes?.before)} before, ${mib(load.memoryBytes?.after)} after.`],
    targets: checkLoadTargets(load.results),
  };
}

export function ingestSection(json: unknown): ReportSection {
  return json ? notMeasured("Ingest (10,000 items)", "pending") : notMeasured("Ingest (10,000 items)", "first ingest ≤ 2.5× parse-only");
}

export function lighthouseSection(json: unknown): ReportSection {
  return json ? notMeasured("Lighthouse", "pending") : notMeasured("Lighthouse", "100 in every category");
}

export function firstLoadSection(json: unknown): ReportSection {
  return json ? notMeasured("First-load JavaScript", "pending") : notMeasured("First-load JavaScript", "brief page ships only the runtime and small islands");
}
