import "server-only";
import { countBriefsBySeverity, listBriefTypes, listTagOptions, warmTagSeverityCounts } from "@/lib/briefs/queries";
import { DEFAULT_LIST_PARAMS } from "@/lib/briefs/validations";
import { loadCoverage } from "@/lib/coverage/queries";
import { parseCoverageParams } from "@/lib/coverage/validations";
import { currentContentVersion } from "@/lib/page-cache/data-version";

/**
 * The reads every list and coverage view shares (tag and severity counts, the coverage of all
 * briefs and rules, each tag's counts per severity) are kept per data version (lib/briefs/read-cache.ts), so each commit drops them.
 * Loaded again as soon as the data settles, the first analyst after an ingest does not wait for them.
 */
export async function warmSharedReads(): Promise<void> {
  await Promise.all([
    listTagOptions(),
    listBriefTypes(),
    countBriefsBySeverity(DEFAULT_LIST_PARAMS),
    loadCoverage(parseCoverageParams({})),
  ]);
  // Last and alone: the costliest, and no page waits for it.
  await warmTagSeverityCounts();
}

const POLL_MS = 1000;

const globalForWarmer = globalThis as unknown as { briefsReadWarmer?: NodeJS.Timeout };

/**
 * Checks the data version every second (microseconds on SQLite, memory on PostgreSQL) and warms
 * the shared reads once it has stayed the same for a check: an ingest commits a few times in a
 * row (lease, briefs, run record), and only the last state is worth loading. Once per server.
 */
export function startSharedReadWarmer(): void {
  if (globalForWarmer.briefsReadWarmer) return;
  let seen: string | null = null;
  let settled: string | null = null;
  let busy = false;
  globalForWarmer.briefsReadWarmer = setInterval(() => {
    const version = currentContentVersion();
    if (busy || version === null || version === settled) return;
    if (version !== seen) {
      seen = version;
      return;
    }
    busy = true;
    // A failure is logged once for its version; the pages load what they need themselves meanwhile.
    settled = version;
    void warmSharedReads()
      .catch((error: unknown) =>
        console.error(
          JSON.stringify({
            event: "read-cache.warm-failed",
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
      )
      .finally(() => (busy = false));
  }, POLL_MS).unref();
}
