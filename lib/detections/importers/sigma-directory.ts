import { importDirectory } from "@/lib/detections/importers/import-directory";
import type { ImportResult } from "@/lib/detections/importers/import-types";
import { parseSigmaFile } from "@/lib/detections/importers/sigma-file";

export type { ImportProblem, ImportResult } from "@/lib/detections/importers/import-types";

/**
 * Imports a tree of Sigma rules laid out like the SigmaHQ repository (.yml / .yaml files in
 * nested folders). Licence stays null unless a rule declares one: SigmaHQ publishes its rules
 * under the Detection Rule License, which the files themselves do not state.
 */
export function importSigmaDirectory(dir: string): Promise<ImportResult> {
  return importDirectory(dir, [".yml", ".yaml"], (text) => parseSigmaFile(text, "sigma-import"));
}
