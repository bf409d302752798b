import "server-only";
import { convertForEveryBackend } from "@/lib/detections/conversions";
import type { DetectionView } from "@/lib/detections/queries";
import type { Siem } from "@/lib/deployments/validations";

/** The query the rule panel shows for each SIEM now, from the rule as the library last gave it. */
export function currentQueries(detection: Pick<DetectionView, "ruleText" | "ruleFormat">): Map<Siem, string | null> {
  return new Map(convertForEveryBackend(detection).map(({ backend, query }) => [backend, query]));
}
