import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { BACKENDS, type Backend } from "@/lib/detections/backends";
import { convertElasticRule, convertSigma, UnsupportedConstructError } from "@/lib/detections/convert";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";
import { readElasticRuleTables } from "@/lib/detections/importers/elastic-rule";
import { findFiles } from "@/lib/detections/importers/walk-files";
import { parseSigmaDocuments, SigmaParseError } from "@/lib/detections/sigma";
import { errorMessage } from "@/lib/log/error-message";

const USAGE = "Usage: npm run rules:report -- DIR... [--name-contains TEXT]";

type Tally = {
  converted: number;
  /** Converted with a warning that the query's meaning differs from the rule's, each warning counted. */
  warned: number;
  warnings: Map<string, number>;
  refused: Map<string, number>;
  kustoClean: number;
  kustoDiagnostics: Map<string, number>;
};

/**
 * How a rule library converts: for every Sigma (.yml/.yaml) and Elastic (.toml) rule under the
 * directories (optionally only those whose title contains TEXT), per SIEM the rules converted —
 * those that keep the rule's meaning apart from those with a warning that they do not, each
 * warning counted — and the rules refused with each reason counted, and the Kusto parser's verdict
 * on every Sentinel query.
 */
async function main(): Promise<number> {
  let values: { "name-contains"?: string };
  let directories: string[];
  try {
    ({ values, positionals: directories } = parseArgs({
      allowPositionals: true,
      options: { "name-contains": { type: "string" } },
    }));
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  if (directories.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const tallies = new Map<Backend, Tally>(
    BACKENDS.map(({ backend }) => [
      backend,
      { converted: 0, warned: 0, warnings: new Map(), refused: new Map(), kustoClean: 0, kustoDiagnostics: new Map() },
    ]),
  );
  const counts = { sigma: 0, elastic: 0, skipped: 0 };
  for (const directory of directories) {
    for (const file of await findFiles(directory, [".yml", ".yaml", ".toml"])) {
      const text = await fs.readFile(file, "utf8");
      const format = file.endsWith(".toml") ? "elastic" : "sigma";
      const title = titleOf(text, format);
      if (values["name-contains"] !== undefined && !title.includes(values["name-contains"])) {
        counts.skipped += 1;
        continue;
      }
      counts[format] += 1;
      for (const [backend, tally] of tallies) record(tally, backend, text, format);
    }
  }
  console.log(
    `${counts.sigma + counts.elastic} rules (${counts.sigma} Sigma, ${counts.elastic} Elastic); ${counts.skipped} file(s) left out`,
  );
  for (const [backend, tally] of tallies) {
    const refused = [...tally.refused.values()].reduce((sum, count) => sum + count, 0);
    console.log(
      `\n${backend}: ${tally.converted} converted (${tally.converted - tally.warned} keeping the meaning, ${tally.warned} with a meaning warning), ${refused} refused`,
    );
    if (backend === "sentinel") {
      const flagged = [...tally.kustoDiagnostics.values()].reduce((sum, count) => sum + count, 0);
      console.log(
        `  Kusto parser: ${tally.kustoClean} of ${tally.converted} queries with no diagnostic${flagged ? `; ${flagged} diagnostics:` : ""}`,
      );
      for (const [message, count] of sorted(tally.kustoDiagnostics)) console.log(`    ${count}  ${message}`);
    }
    if (tally.warnings.size > 0) console.log("  Meaning warnings:");
    for (const [warning, count] of sorted(tally.warnings)) console.log(`  ${String(count).padStart(3)}  ${warning}`);
    if (tally.refused.size > 0) console.log("  Refused:");
    for (const [reason, count] of sorted(tally.refused)) console.log(`  ${String(count).padStart(3)}  ${reason}`);
  }
  return 0;
}

function record(tally: Tally, backend: Backend, text: string, format: "sigma" | "elastic"): void {
  try {
    const { query, warnings } = format === "sigma" ? convertSigma(text, backend) : convertElasticRule(text, backend);
    tally.converted += 1;
    if (warnings.length > 0) tally.warned += 1;
    for (const warning of warnings) increment(tally.warnings, warning);
    if (backend !== "sentinel") return;
    const diagnostics = kustoDiagnostics(query);
    if (diagnostics.length === 0) tally.kustoClean += 1;
    for (const diagnostic of diagnostics) increment(tally.kustoDiagnostics, diagnostic.replace(/ at \d+:/, ":"));
  } catch (error) {
    if (!(error instanceof UnsupportedConstructError)) throw error;
    increment(tally.refused, error.message.replace(/^The \w+ backend cannot express /, ""));
  }
}

/** The rule's title; "" for a file that does not read as a rule (the converter then says why). */
function titleOf(text: string, format: "sigma" | "elastic"): string {
  if (format === "elastic") {
    const read = readElasticRuleTables(text);
    return read.ok && typeof read.tables.rule.name === "string" ? read.tables.rule.name : "";
  }
  try {
    return parseSigmaDocuments(text)[0]?.title ?? "";
  } catch (error) {
    if (error instanceof SigmaParseError) return "";
    throw error;
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sorted(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(errorMessage(error));
    process.exit(1);
  },
);
