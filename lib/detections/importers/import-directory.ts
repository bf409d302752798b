import { readFile } from "node:fs/promises";
import type { FileParseResult, ImportProblem, ImportResult } from "@/lib/detections/importers/import-types";
import { findFiles } from "@/lib/detections/importers/walk-files";
import type { DetectionRecord } from "@/lib/detections/types";

/**
 * Reads every matching file under `dir` with `parseFile`. A bad file becomes a problem naming its
 * path and the import goes on; so does a rule whose id an earlier file already used, because the
 * id is the key a stored detection is updated by and the second rule would silently replace the
 * first.
 */
export async function importDirectory(
  dir: string,
  extensions: readonly string[],
  parseFile: (text: string) => FileParseResult,
): Promise<ImportResult> {
  const records: DetectionRecord[] = [];
  const problems: ImportProblem[] = [];
  let files: string[];
  try {
    files = await findFiles(dir, extensions);
  } catch (error) {
    return { records, problems: [{ path: dir, reason: `cannot read the directory: ${errorMessage(error)}` }] };
  }

  const fileById = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      problems.push({ path: file, reason: `cannot read the file: ${errorMessage(error)}` });
      continue;
    }
    const result = parseFile(text);
    if (!result.ok) {
      problems.push({ path: file, reason: result.reason });
      continue;
    }
    const clash = result.records.find((record) => fileById.has(record.id));
    if (clash) {
      problems.push({ path: file, reason: `id ${clash.id} is already used by ${fileById.get(clash.id)}` });
      continue;
    }
    for (const record of result.records) fileById.set(record.id, file);
    records.push(...result.records);
  }
  return { records, problems };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
