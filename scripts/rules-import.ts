import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { importElasticDirectory } from "@/lib/detections/importers/elastic-toml";
import { importSigmaDirectory } from "@/lib/detections/importers/sigma-directory";
import { saveDetections } from "@/lib/detections/store";
import { RULE_IMPORT_STEPS } from "@/lib/ingest/steps";
import type { DetectionRecord } from "@/lib/detections/types";
import { errorMessage } from "@/lib/log/error-message";

const USAGE =
  "Usage: npm run rules:import -- DIRECTORY... (SigmaHQ-format .yml/.yaml rules and Elastic detection-rules .toml files, searched recursively)";

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (!positionals.length) {
    console.error(USAGE);
    return 2;
  }
  const records: DetectionRecord[] = [];
  let problems = 0;
  for (const directory of positionals) {
    const stat = await fs.stat(directory).catch(() => null);
    if (!stat?.isDirectory()) {
      console.error(`${directory}: not a directory`);
      problems += 1;
      continue;
    }
    for (const result of [await importSigmaDirectory(directory), await importElasticDirectory(directory)]) {
      records.push(...result.records);
      for (const problem of result.problems) console.error(`skipped ${problem.path}: ${problem.reason}`);
      problems += result.problems.length;
    }
  }
  const duplicates = records.length - new Set(records.map((record) => record.id)).size;
  if (duplicates) console.error(`${duplicates} rule(s) share an id with another; the last one read wins`);
  const unique = [...new Map(records.map((record) => [record.id, record])).values()];
  // One transaction: the good rules all land, or none do.
  // A deployed rule whose query this import changes notifies as a library sync's would.
  const counts = await saveDetections(unique, RULE_IMPORT_STEPS);
  console.log(
    `${unique.length} rules read: ${counts.created} new, ${counts.updated} updated, ${counts.unchanged} unchanged; ${problems} file(s) skipped`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Import stopped, nothing was saved: ${errorMessage(error)}`);
    process.exit(1);
  },
);
