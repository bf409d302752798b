import "server-only";
import { loadBundledDetections } from "@/lib/detections/library/load-bundled";
import { saveDetections, type WithinRuleSave } from "@/lib/detections/store";
import { logEvent } from "@/lib/log/log-event";

/**
 * Brings the bundled rules into the database at start-up: new or edited rule files are saved,
 * unchanged ones cost a hash comparison. `withinSave` is committed with them (lib/ingest's RULE_IMPORT_STEPS).
 */
export async function syncBundledDetections(withinSave: readonly WithinRuleSave[] = []): Promise<void> {
  const counts = await saveDetections(loadBundledDetections(), withinSave);
  logEvent("detections.bundled-synced", { ...counts });
}
