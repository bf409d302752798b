import "server-only";
import { loadBundledDetections } from "@/lib/detections/library/load-bundled";
import { saveDetections } from "@/lib/detections/store";
import { logEvent } from "@/lib/log/log-event";

/**
 * Brings the bundled rules into the database at start-up: new or edited rule files are saved,
 * unchanged ones cost a hash comparison.
 */
export async function syncBundledDetections(): Promise<void> {
  const counts = await saveDetections(loadBundledDetections());
  logEvent("detections.bundled-synced", { ...counts });
}
