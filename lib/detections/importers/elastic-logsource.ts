import type { DetectionRecord } from "@/lib/detections/types";

type Logsource = NonNullable<DetectionRecord["logsource"]>;

/** Elastic integration names whose Sigma product is spelt differently. */
const SIGMA_PRODUCT: Record<string, string> = { o365: "m365" };

// logs-azure.signinlogs-*, remote:logs-azure.auditlogs*, logs-endpoint.events.process-*, logs-azure*
// (with an optional remote-cluster prefix); the data set may itself contain dots.
const DATA_STREAM = /^(?:[\w-]+:)?logs-([a-z0-9_]+)(?:\.([a-z0-9_.]*?))?(?:[-*]|$)/i;
const ESQL_SOURCES = /^\s*from\s+([^|\n]+)/im;
const DATASET_IN_QUERY = /event\.dataset\s*(?::|==)\s*\(?\s*"?([a-z0-9_]+)\.([a-z0-9_]+)/gi;

/**
 * The Sigma-style log source an Elastic rule reads, from its index patterns (for ES|QL, the
 * sources after FROM): logs-azure.signinlogs-* → { product: "azure", service: "signinlogs" }.
 * When the patterns name no data set (filebeat-*, logs-azure*), an event.dataset filter in the
 * query decides. A rule spanning several data sets keeps only the shared product.
 */
export function elasticLogsource(
  indexPatterns: string[],
  query: string | null,
  language: string | null,
): Logsource | null {
  const patterns = [...indexPatterns];
  if (language === "esql" && query) {
    const sources = ESQL_SOURCES.exec(query)?.[1] ?? "";
    patterns.push(
      ...sources
        .split(",")
        .map((source) => source.trim().split(/\s/)[0])
        .filter(Boolean),
    );
  }

  const streams = patterns.map((pattern) => DATA_STREAM.exec(pattern.trim())).filter((match) => match !== null);
  let pairs = streams.filter((match) => match[2]).map((match) => [match[1], match[2]] as const);
  if (pairs.length === 0 && query)
    pairs = Array.from(query.matchAll(DATASET_IN_QUERY), (match) => [match[1], match[2]] as const);

  const products = new Set(
    [...streams.map((match) => match[1]), ...pairs.map(([product]) => product)].map((name) => name.toLowerCase()),
  );
  if (products.size !== 1) return null;
  const [integration] = products;
  const logsource: Logsource = { product: SIGMA_PRODUCT[integration] ?? integration };
  const services = new Set(pairs.map(([, dataset]) => dataset.toLowerCase()));
  if (services.size === 1) [logsource.service] = services;
  return logsource;
}
