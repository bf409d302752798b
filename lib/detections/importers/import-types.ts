import type { DetectionRecord } from "@/lib/detections/types";

/** What reading one rule file gives: its records, or why the whole file was skipped. */
export type FileParseResult = { ok: true; records: DetectionRecord[] } | { ok: false; reason: string };

export type ImportProblem = { path: string; reason: string };
export type ImportResult = { records: DetectionRecord[]; problems: ImportProblem[] };
