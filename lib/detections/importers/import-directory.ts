import { readFile } from "node:fs/promises";
import type { FileParseResult, ImportProblem, ImportResult } from "@/lib/detections/importers/import-types";
import { findFiles } from "@/lib/detections/importers/walk-files";
import type { DetectionRecord } from "@/lib/detections/types";
import { errorMessage } from "@/lib/log/error-message";

export type RecordCollector = ImportResult & {
  /** Parses one file; `path` names it in problems and is kept beside each record it gave. */
  add(path: string, text: string): void;
  pathOf: Map<string, string>;
};

/**
 * Gathers the records of many rule files. A bad file becomes a problem naming its path and the
 * rest goes on; so does a rule whose id an earlier file already used, because the id is the key a
 * stored detection is updated by and the second rule would silently replace the first.
 */
export function collectRecords(parseFile: (text: string) => FileParseResult): RecordCollector {
  const records: DetectionRecord[] = [];
  const problems: ImportProblem[] = [];
  const pathOf = new Map<string, string>();
  return {
    records,
    problems,
    pathOf,
    add(path, text) {
      const result = parseFile(text);
      if (!result.ok) {
        problems.push({ path, reason: result.reason });
        return;
      }
      const clash = result.records.find((record) => pathOf.has(record.id));
      if (clash) {
        problems.push({ path, reason: `id ${clash.id} is already used by ${pathOf.get(clash.id)}` });
        return;
      }
      for (const record of result.records) pathOf.set(record.id, path);
      records.push(...result.records);
    },
  };
}

/** Reads every matching file under `dir` with `parseFile`, one file in memory at a time. */
export async function importDirectory(
  dir: string,
  extensions: readonly string[],
  parseFile: (text: string) => FileParseResult,
): Promise<ImportResult> {
  const collector = collectRecords(parseFile);
  let files: string[];
  try {
    files = await findFiles(dir, extensions);
  } catch (error) {
    return { records: [], problems: [{ path: dir, reason: `cannot read the directory: ${errorMessage(error)}` }] };
  }
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      collector.problems.push({ path: file, reason: `cannot read the file: ${errorMessage(error)}` });
      continue;
    }
    collector.add(file, text);
  }
  return { records: collector.records, problems: collector.problems };
}
