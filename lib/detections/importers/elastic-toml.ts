import { parseElasticRule } from "@/lib/detections/importers/elastic-rule";
import { importDirectory } from "@/lib/detections/importers/import-directory";
import type { ImportResult } from "@/lib/detections/importers/import-types";

export type { ImportProblem, ImportResult } from "@/lib/detections/importers/import-types";

/** Imports a tree of Elastic detection-rules TOML files (the repository's rules/ layout). */
export function importElasticDirectory(dir: string): Promise<ImportResult> {
  return importDirectory(dir, [".toml"], parseElasticRule);
}
