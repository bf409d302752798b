// Where a page's render time goes: the data it loads, timed in a process of its own against the same
// database (the reads kept per data version warm, as the server keeps them), set against the render
// latency runs' medians. The rest is rendering the page (React, Next) and serving it (the page cache's
// own request, compression, HTTP).
//   tsx --conditions=react-server scripts/bench/render-breakdown.ts --database file:./data/bench.db \
//     --latency bench-results/list-latency-1.json,… [--samples 15] --out bench-results/render-breakdown.json
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { median, type LatencyReport } from "@/scripts/bench/support/latency-report";
import { optionsOrUsage } from "../options-or-usage";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  "Usage: tsx --conditions=react-server scripts/bench/render-breakdown.ts --database URL --latency FILE[,FILE…] [--samples 15] [--out bench-results/render-breakdown.json]";

type BreakdownOptions = { database: string; latency: string[]; samples: number; out: string };

export type PageBreakdown = { url: string; dataMs: number | null; htmlBytes: number | null };
export type BreakdownReport = { database: string; measuredAt: string; samples: number; pages: PageBreakdown[] };

function readOptions(): BreakdownOptions {
  const { values } = parseArgs({
    options: {
      database: { type: "string" },
      latency: { type: "string" },
      samples: { type: "string", default: "15" },
      out: { type: "string", default: "bench-results/render-breakdown.json" },
    },
    allowPositionals: false,
  });
  if (!values.database) throw new Error("--database is required");
  if (!values.latency) throw new Error("--latency is required");
  const samples = Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`--samples must be a positive integer`);
  return { database: values.database, latency: values.latency.split(","), samples, out: values.out };
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  process.chdir(root);
  // Set before any lib module loads: lib/db opens the database named here when it is imported.
  process.env.DATABASE_URL = options.database;
  const runs: LatencyReport[] = [];
  for (const file of options.latency) {
    const text = await fs.readFile(file, "utf8").catch(() => null);
    if (text) runs.push(JSON.parse(text) as LatencyReport);
  }
  const urls = [...new Set(runs.flatMap((run) => run.results.map((result) => result.url)))];
  const { loadPageData } = await import("@/scripts/bench/support/page-data");
  const { db } = await import("@/lib/db");
  const pages: PageBreakdown[] = [];
  try {
    for (const url of urls) {
      const htmlBytes = runs.flatMap((run) => run.results).find((result) => result.url === url)?.htmlBytes ?? null;
      // Warm-up: the first load fills what the server keeps per data version.
      if (!(await loadPageData(url))) {
        pages.push({ url, dataMs: null, htmlBytes });
        continue;
      }
      await loadPageData(url);
      const samples: number[] = [];
      for (let sample = 0; sample < options.samples; sample += 1) {
        const started = performance.now();
        await loadPageData(url);
        samples.push(performance.now() - started);
      }
      pages.push({ url, dataMs: median(samples), htmlBytes });
      console.log(`${url}: data ${median(samples).toFixed(1)} ms`);
    }
  } finally {
    await db.$disconnect();
  }
  const report: BreakdownReport = {
    database: options.database.startsWith("file:") ? "SQLite" : "PostgreSQL",
    measuredAt: new Date().toISOString(),
    samples: options.samples,
    pages,
  };
  await fs.mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await fs.writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${options.out}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Render breakdown stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
