/**
 * Each benchmark part's JSON (as its script writes it) read into a report section. The JSON comes
 * from a file, so it is read defensively: a part that failed to run shows as not measured.
 */
import type { LatencyReport } from "@/scripts/bench/support/latency-report";
import {
  acrossRuns,
  checkRenderTarget,
  renderTargets,
  runNotes,
  runsTable,
  withSpread,
  type UrlAcrossRuns,
} from "@/scripts/bench/support/latency-runs";
import {
  checkLoadTargets,
  checkTriageLoadTargets,
  loadTable,
  type LoadResult,
  type TargetCheck,
} from "@/scripts/bench/support/load-report";
import { beyondRuntime, firstLoadTable, kilobytes, type RouteReport } from "@/scripts/bench/support/first-load-js";
import { ingestTable, type ScenarioSummary, type TargetResult } from "@/scripts/bench/support/ingest-report";
import {
  failingAuditsList,
  scoresTable,
  type LighthouseTarget,
  type PageResult,
} from "@/scripts/bench/support/lighthouse-report";
import type { ReportSection } from "@/scripts/bench/support/report";

function notMeasured(title: string, target: string): ReportSection {
  return {
    title,
    method: "Not measured: this part failed to run (see the log above).",
    table: "",
    targets: [{ target, measured: "not measured", met: false }],
  };
}

function mib(bytes: number | null | undefined): string {
  return typeof bytes === "number" ? `${(bytes / 1024 ** 2).toFixed(0)} MiB` : "unknown";
}

/** The unfiltered list's own count is the number of briefs in the database. */
function briefCount(results: readonly { url: string; matched: number | null }[]): string {
  const all = results.find((result) => result.url === "/")?.matched;
  return typeof all === "number" ? `${all.toLocaleString("en-US")} briefs` : "briefs";
}

const SEARCHED_TARGET_MS = 150;

function reports(jsons: readonly unknown[]): (LatencyReport | null)[] {
  return jsons.map((json) => {
    const report = json as LatencyReport | null;
    return Array.isArray(report?.results) ? report : null;
  });
}

/** The filtered + searched list page's URL, as the latency script names it in its target. */
function searchedUrl(runs: readonly (LatencyReport | null)[]): string | undefined {
  return runs.find((run) => run?.target?.url)?.target.url;
}

function searchedTarget(label: string, runs: readonly (LatencyReport | null)[], pages: readonly UrlAcrossRuns[]) {
  const page = pages.find((candidate) => candidate.url === searchedUrl(runs));
  const measured = page && Number.isFinite(page.medianMs) ? page.medianMs : null;
  return {
    target: `${label} rendered in < ${SEARCHED_TARGET_MS} ms (median of the runs' medians)`,
    measured: measured === null ? "not measured" : withSpread(page),
    met: measured !== null && measured < SEARCHED_TARGET_MS,
  };
}

function runsMethod(runs: readonly (LatencyReport | null)[]): string {
  const first = runs.find((run) => run !== null);
  return `One request at a time, ${first?.measuredRequests ?? "–"} per page after ${first?.warmupRequests ?? "–"} warm-up requests, in each of ${runs.length} run(s) with a server of its own; a page's figure is the median of the runs' medians, with their range. Every request carries a query parameter no other had, so the server renders it (what the first visitor to a view waits for after an ingest; facet counts, the coverage of all briefs and the ATT&CK catalog joins are kept per data version and were warm).`;
}

/** SQLite's render latency: several runs on the seeded database, each page's median with its spread. */
export function latencySection(jsons: readonly unknown[]): ReportSection {
  const runs = reports(jsons);
  const pages = acrossRuns(runs);
  if (!pages.length) {
    return notMeasured("Render latency", `filtered + searched list rendered in < ${SEARCHED_TARGET_MS} ms (median)`);
  }
  return {
    title: `Render latency (${briefCount(pages)})`,
    method: runsMethod(runs),
    table: runsTable(pages),
    notes: runNotes("SQLite", runs, pages),
    targets: [
      searchedTarget("filtered + searched list", runs, pages),
      ...renderTargets("SQLite").map((target) => checkRenderTarget(target, pages)),
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

/** `audience` names who asked when it was not a signed-out visitor (", signed in as an admin"). */
export function loadSection(json: unknown, audience = ""): ReportSection {
  const load = json as LoadJson | null;
  const title = `Under load (${load?.connections ?? 32} connections${audience})`;
  if (!load?.results) return notMeasured(title, "filtered list and search p99 ≤ 150 ms at 32 connections");
  const cold = Object.entries(load.coldRendersMs ?? {})
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
    .join(", ");
  return {
    title,
    method: `${load.connections} connections, each asking again as soon as it has its answer, for ${load.seconds} s per page after ${load.warmupSeconds} s of warm-up; the load generator runs on the same machine. Pages are answered from renders kept per data version; the static file is the stylesheet every page loads, served by Next.`,
    table: loadTable(load.results),
    notes: [
      `First (cold) request of each page: ${cold}.`,
      `Server memory (all its processes): ${mib(load.memoryBytes?.before)} before, ${mib(load.memoryBytes?.after)} after.`,
    ],
    targets: checkLoadTargets(load.results),
  };
}

type TriageLoadJson = LoadJson & {
  triage: { briefs: number; events: number; seedSeconds: number };
  writes: {
    sent: number;
    applied: number;
    refused: number;
    staleSent: number;
    failed: number;
    firstFailure: string | null;
    p50Ms: number;
    p99Ms: number;
    perSecond: number;
  };
};

/** The triage part (scripts/bench/triage-load.ts): status-filtered list and a decided brief while triage writes arrive. */
export function triageLoadSection(json: unknown): ReportSection {
  const load = json as TriageLoadJson | null;
  const title = `Under load with triage writes (${load?.connections ?? 32} connections, signed in as an analyst)`;
  if (!load?.results || !load.writes || !load.triage)
    return notMeasured(title, "status-filtered list and brief page p99 ≤ 150 ms while triage writes arrive");
  const { writes, triage } = load;
  return {
    title,
    method: `${triage.briefs.toLocaleString("en-US")} briefs decided, with ${triage.events.toLocaleString("en-US")} history lines (bulk SQL, ${triage.seedSeconds.toFixed(1)} s). ${load.connections} connections with an analyst's session, each asking again as soon as it has its answer, for ${load.seconds} s per page after ${load.warmupSeconds} s of warm-up, while a writer sends triage changes through PATCH /api/briefs/{slug} (GET for the ETag, then PATCH with If-Match; every tenth change sent again with the ETag it made stale). Each write moves the data version, so pages are rendered anew after it.`,
    table: loadTable(load.results),
    notes: [
      `Triage writes during the run: ${writes.sent - writes.staleSent} changes (${writes.perSecond.toFixed(1)}/s, one at a time) and ${writes.staleSent} stale ones; ${writes.applied} applied, ${writes.refused} refused; PATCH p50 ${writes.p50Ms.toFixed(1)} ms, p99 ${writes.p99Ms.toFixed(1)} ms.`,
      ...(writes.firstFailure ? [`First unexpected answer to a write: ${writes.firstFailure}.`] : []),
      `Server memory (all its processes): ${mib(load.memoryBytes?.before)} before, ${mib(load.memoryBytes?.after)} after.`,
    ],
    targets: [
      ...checkTriageLoadTargets(load.results),
      {
        target: "every triage write taken, every stale one refused (412), none lost",
        measured: `${writes.applied} applied of ${writes.sent - writes.staleSent}, ${writes.refused} refused of ${writes.staleSent} stale, ${writes.failed} unexpected`,
        met: writes.applied > 0 && writes.failed === 0 && writes.refused === writes.staleSent,
      },
    ],
  };
}

type IngestJson = {
  feed: { items: number; bytes: number };
  runs: number;
  scenarios: ScenarioSummary[];
  targets: TargetResult[];
};

/**
 * Evidence for a missed time target: how much CPU each run used against parse-only's. Wall time
 * close to CPU time means the run was working, not waiting, and the ratio says how much work.
 */
function cpuNotes(scenarios: readonly ScenarioSummary[]): string[] {
  const parse = scenarios.find((scenario) => scenario.name === "parseOnly");
  if (!parse || !(parse.medianCpuSeconds > 0)) return [];
  return scenarios
    .filter((scenario) => scenario !== parse)
    .map(
      (scenario) =>
        `${scenario.label}: ${scenario.medianCpuSeconds.toFixed(2)} s of CPU against ${parse.medianCpuSeconds.toFixed(2)} s for parse only (${(scenario.medianCpuSeconds / parse.medianCpuSeconds).toFixed(2)}×) in ${scenario.medianWallSeconds.toFixed(2)} s of wall time.`,
    );
}

export function ingestSection(json: unknown): ReportSection {
  const ingest = json as IngestJson | null;
  const title = `Ingest${ingest?.feed ? ` (${ingest.feed.items.toLocaleString("en-US")} items)` : ""}`;
  if (!ingest?.scenarios) return notMeasured(title, "first ingest ≤ 2.5× parse-only time");
  return {
    title,
    method: `Whole processes as a user starts them (\`npm run ingest -- --file\`), against a process that only parses the same ${(ingest.feed.bytes / 1024 ** 2).toFixed(0)} MiB feed with rss-parser; wall time and peak memory from GNU time, median of ${ingest.runs} run(s).`,
    table: ingestTable(ingest.scenarios),
    notes: [...cpuNotes(ingest.scenarios), "Where that CPU goes, and what was tried: README → Performance → Ingest."],
    targets: ingest.targets.map((target) => ({
      target: target.description,
      measured: `${target.measured.toFixed(2)}×`,
      met: target.met,
    })),
  };
}

type LighthouseJson = {
  runsPerPage: number;
  lighthouseVersion: string | null;
  pages: PageResult[];
  target: LighthouseTarget;
};

export function lighthouseSection(json: unknown, audience = ""): ReportSection {
  const title = `Lighthouse${audience ? ` (${audience.replace(/^, /, "")})` : ""}`;
  const lighthouse = json as LighthouseJson | null;
  if (!lighthouse?.pages) return notMeasured(title, "100 in every category on every page (none below 95)");
  const belowGoal = lighthouse.target.belowGoal;
  return {
    title,
    method: `Lighthouse ${lighthouse.lighthouseVersion ?? ""}, desktop preset, Debian Chromium headless; the run with the median performance score of ${lighthouse.runsPerPage} per page.`,
    // The failing audits come as a list of their own, each page's note under its audits.
    table: [scoresTable(lighthouse.pages), failingAuditsList(lighthouse.pages)].filter(Boolean).join("\n\n"),
    targets: [
      {
        target: "100 in every category on every page",
        measured: belowGoal.length ? `below 100: ${belowGoal.join(", ")}` : "all 100",
        met: lighthouse.target.met,
      },
      {
        target: "no category below 95",
        measured: lighthouse.target.belowFloor.length
          ? `below 95: ${lighthouse.target.belowFloor.join(", ")}`
          : "none below 95",
        met: lighthouse.target.floorMet,
      },
    ],
  };
}

/** "Small interactive islands": what the brief page loads beyond the framework runtime stays under this. */
export const BRIEF_ISLANDS_BUDGET_GZIP_BYTES = 25_000;

type FirstLoadJson = { routes: RouteReport[]; clientEntries: { file: string; shippedBy: string[] }[] };

export function firstLoadSection(json: unknown): ReportSection {
  const title = "First-load JavaScript";
  const firstLoad = json as FirstLoadJson | null;
  const brief = firstLoad?.routes?.find((route) => route.route === "/briefs/[slug]");
  if (!firstLoad?.routes || !brief) return notMeasured(title, "brief page: framework runtime plus small islands only");
  const beyond = brief.totals.shared.gzip + brief.totals.route.gzip;
  const islands = firstLoad.clientEntries
    .filter((entry) => entry.shippedBy.includes("/briefs/[slug]"))
    .map((entry) => `\`${entry.file}\``);
  return {
    title,
    method:
      "The script chunks each page's HTML loads, sized from .next/static (gzip as served); runtime = the chunks every page loads for Next and React.",
    table: firstLoadTable(firstLoad.routes),
    notes: [beyondRuntime(brief), `Client islands on the brief page: ${islands.join(", ") || "none"}.`],
    targets: [
      {
        target: `brief page: beyond the framework runtime only small islands (≤ ${kilobytes(BRIEF_ISLANDS_BUDGET_GZIP_BYTES)} kB gzip)`,
        measured: `${kilobytes(beyond)} kB gzip beyond the runtime`,
        met: beyond <= BRIEF_ISLANDS_BUDGET_GZIP_BYTES,
      },
    ],
  };
}

type SqliteRuns = { ingest: unknown; latency: readonly unknown[] };
/** PostgreSQL's latency runs: on copies of the database as seeding left it, and on the database itself afterwards. */
type PostgresqlRuns = { ingest: unknown; afterSeeding: readonly unknown[]; settled: readonly unknown[] };

function seconds(value: number | undefined): string {
  return typeof value === "number" ? `${value.toFixed(2)} s` : "–";
}

function ratio(postgresql: number | undefined, sqlite: number | undefined): string {
  return typeof postgresql === "number" &&
    typeof sqlite === "number" &&
    Number.isFinite(postgresql) &&
    Number.isFinite(sqlite) &&
    sqlite > 0
    ? `${(postgresql / sqlite).toFixed(2)}×`
    : "–";
}

/**
 * The same ingest and list measurements on both databases, in one table: what a team gives up or
 * gains on one instance when it moves to PostgreSQL for several. PostgreSQL's pages are measured
 * right after seeding (what the first users of a new database meet) and settled (minutes later, the
 * same database after those runs). `postgresql` says why when no PostgreSQL server was at hand.
 */
export function databaseComparisonSection(
  sqlite: SqliteRuns,
  postgresql: PostgresqlRuns | { skipped: string },
): ReportSection {
  const title = "SQLite and PostgreSQL";
  const target = `filtered + searched list on PostgreSQL right after seeding rendered in < ${SEARCHED_TARGET_MS} ms (median)`;
  if ("skipped" in postgresql) {
    return {
      title,
      method: `PostgreSQL not measured: ${postgresql.skipped}.`,
      table: "",
      targets: [{ target, measured: "not measured", met: false }],
    };
  }
  const sqliteIngest = sqlite.ingest as IngestJson | null;
  const postgresqlIngest = postgresql.ingest as IngestJson | null;
  const sqlitePages = acrossRuns(reports(sqlite.latency));
  const afterSeedingRuns = reports(postgresql.afterSeeding);
  const settledRuns = reports(postgresql.settled);
  const afterSeeding = acrossRuns(afterSeedingRuns);
  const settled = acrossRuns(settledRuns);
  const rows: string[] = [];
  for (const scenario of postgresqlIngest?.scenarios ?? []) {
    if (scenario.name === "parseOnly") continue;
    const onSqlite = sqliteIngest?.scenarios?.find((candidate) => candidate.name === scenario.name);
    rows.push(
      `| ingest: ${scenario.label} | ${seconds(onSqlite?.medianWallSeconds)} | ${seconds(scenario.medianWallSeconds)} | – | ${ratio(scenario.medianWallSeconds, onSqlite?.medianWallSeconds)} |`,
    );
  }
  // A brief page's URL differs between the databases (each seeding names its newest brief): matched by kind.
  const sameKind = (url: string) => (page: UrlAcrossRuns) =>
    page.url === url || (url.startsWith("/briefs/") && page.url.startsWith("/briefs/"));
  for (const page of settled.length ? settled : afterSeeding) {
    const onSqlite = sqlitePages.find(sameKind(page.url));
    const seeded = afterSeeding.find(sameKind(page.url));
    const later = settled.find(sameKind(page.url));
    rows.push(
      `| \`${page.url}\` (ms) | ${withSpread(onSqlite)} | ${withSpread(seeded)} | ${withSpread(later)} | ${ratio(later?.medianMs, onSqlite?.medianMs)} |`,
    );
  }
  const runs = Math.max(afterSeedingRuns.length, settledRuns.length);
  return {
    title,
    method: `The ingest runs above (${postgresqlIngest?.feed ? `${postgresqlIngest.feed.items.toLocaleString("en-US")} items, ` : ""}median of ${postgresqlIngest?.runs ?? "–"} run(s)) and the render latencies above (${briefCount(afterSeeding.length ? afterSeeding : settled)}), repeated on a PostgreSQL server on this machine (loopback), in the same run. Right after seeding: ${afterSeedingRuns.length} run(s), each on a fresh copy of the database as the seeding ingests left it (pages, search index and statistics as on disk; the server's buffers cold). Settled: ${settledRuns.length} run(s) on the seeded database itself, after those. Each figure is the median of the runs' medians, with their range.`,
    table: rows.length
      ? [
          "| measurement | SQLite | PostgreSQL (pages: right after seeding) | PostgreSQL settled | PostgreSQL (settled) / SQLite |",
          "| --- | ---: | ---: | ---: | ---: |",
          ...rows,
        ].join("\n")
      : "",
    notes: [
      ...runNotes("PostgreSQL right after seeding", afterSeedingRuns, afterSeeding),
      ...runNotes("PostgreSQL settled", settledRuns, settled),
      ...(runs === 0 ? ["No PostgreSQL latency run finished."] : []),
    ],
    targets: [
      {
        ...searchedTarget("filtered + searched list on PostgreSQL right after seeding", afterSeedingRuns, afterSeeding),
      },
      searchedTarget("filtered + searched list on PostgreSQL settled", settledRuns, settled),
      ...renderTargets("PostgreSQL").map((renderTarget) =>
        checkRenderTarget(renderTarget, settled, " on PostgreSQL (settled)"),
      ),
    ],
  };
}

type BreakdownJson = {
  database: string;
  samples: number;
  pages: { url: string; dataMs: number | null; htmlBytes: number | null }[];
};

function breakdownRows(database: string, runs: readonly unknown[], json: unknown): string[] {
  const breakdown = json as BreakdownJson | null;
  const pages = acrossRuns(reports(runs));
  const targets = renderTargets(database === "SQLite" ? "SQLite" : "PostgreSQL");
  return pages.map((page) => {
    const measured = breakdown?.pages?.find((candidate) => candidate.url === page.url);
    const target = targets.find((candidate) => candidate.pages(page.url));
    const data = typeof measured?.dataMs === "number" ? measured.dataMs : null;
    const rest = data !== null && Number.isFinite(page.medianMs) ? Math.max(0, page.medianMs - data) : null;
    const html = measured?.htmlBytes ?? null;
    const verdict =
      target && Number.isFinite(page.medianMs)
        ? page.medianMs <= target.maxMs
          ? "within"
          : `over ${target.maxMs}`
        : "–";
    return `| ${database} | \`${page.url}\` | ${Number.isFinite(page.medianMs) ? page.medianMs.toFixed(1) : "–"} | ${data === null ? "–" : data.toFixed(1)} | ${rest === null ? "–" : rest.toFixed(1)} | ${html === null ? "–" : (html / 1024).toFixed(0)} | ${verdict} |`;
  });
}

/**
 * Where each page's render time goes, for the targets a page misses: the data it loads (timed apart,
 * in a process of its own, with the reads kept per data version warm as the server has them) and the
 * rest — rendering it with React and Next, the page cache's own request for it, compression, HTTP —
 * which grows with the page's HTML.
 */
export function renderBreakdownSection(
  sqlite: { runs: readonly unknown[]; breakdown: unknown },
  postgresql: { runs: readonly unknown[]; breakdown: unknown } | null,
): ReportSection {
  const rows = [
    ...breakdownRows("SQLite", sqlite.runs, sqlite.breakdown),
    ...(postgresql ? breakdownRows("PostgreSQL (settled)", postgresql.runs, postgresql.breakdown) : []),
  ];
  const samples = (sqlite.breakdown as BreakdownJson | null)?.samples;
  return {
    title: "Where the render time goes",
    method: `Render: the median of the runs' medians above. Data: what the page's server component loads (lib/ queries and the reads kept per data version, warm), median of ${samples ?? "–"} loads in a process of its own on the same database. Rest: rendering the page with React and Next, the page cache asking the server for it, compressing it and sending it; it grows with the HTML.`,
    table: rows.length
      ? [
          "| database | URL | render ms | data ms | rest ms | HTML KiB | target |",
          "| --- | --- | ---: | ---: | ---: | ---: | --- |",
          ...rows,
        ].join("\n")
      : "",
    targets: [],
  };
}
