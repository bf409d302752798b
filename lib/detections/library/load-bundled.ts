import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { triageStepsFromMarkdownList } from "@/lib/detections/importers/markdown-steps";
import { parseSigmaFile } from "@/lib/detections/importers/sigma-file";
import type { DetectionRecord } from "@/lib/detections/types";

/**
 * The folder of the bundled rules. Kept a static path.join from process.cwd() so Next's output
 * tracing includes just this folder; a path built from a variable makes it trace the whole project.
 */
const LIBRARY_DIR = path.join(process.cwd(), "lib", "detections", "library");

/**
 * The detection rules shipped with the project, written for the briefs of the bundled sample
 * feed: one Sigma file per detection (a base rule and its correlation count as one), each with a
 * sibling `.triage.md` holding the analyst's triage steps as a markdown list.
 *
 * The files are the project's own, so a file that does not read as exactly one detection is a
 * bug and throws rather than being skipped.
 */
export function loadBundledDetections(): DetectionRecord[] {
  const ruleFiles = readdirSync(LIBRARY_DIR)
    .filter((name) => name.endsWith(".yml"))
    .sort();
  return ruleFiles.map((name) => {
    const filePath = path.join(LIBRARY_DIR, name);
    const result = parseSigmaFile(readFileSync(filePath, "utf8"), "bundled");
    if (!result.ok) throw new Error(`Bundled detection ${name} is invalid: ${result.reason}`);
    if (result.records.length !== 1) throw new Error(`Bundled detection ${name} must describe one detection, found ${result.records.length}`);
    return { ...result.records[0], license: "MIT", triage: readTriage(filePath) };
  });
}

function readTriage(ruleFilePath: string): DetectionRecord["triage"] {
  const triagePath = ruleFilePath.replace(/\.yml$/, ".triage.md");
  return existsSync(triagePath) ? triageStepsFromMarkdownList(readFileSync(triagePath, "utf8")) : [];
}
