import { z } from "zod";
import { isTechniqueId } from "@/lib/attack/techniques";
import { single } from "@/lib/briefs/validations";
import { DETECTION_LEVELS, type DetectionLevel } from "@/lib/detections/types";

/** The detections index's URL state; a bad value falls back to no filter. */
export const detectionListParamsSchema = z.object({
  level: single.transform((value): DetectionLevel[] =>
    (value ?? "")
      .split(",")
      .map((part) => part.trim().toLowerCase())
      .filter((part): part is DetectionLevel => (DETECTION_LEVELS as readonly string[]).includes(part)),
  ),
  logsource: single.transform((value) =>
    value && /^[a-z0-9_-]+(\/[a-z0-9_-]+)?$/i.test(value) ? value.toLowerCase() : undefined,
  ),
  technique: single.transform((value) => (value && isTechniqueId(value) ? value.trim().toUpperCase() : undefined)),
});

export type DetectionListParams = z.infer<typeof detectionListParamsSchema>;

export function parseDetectionListParams(
  searchParams: Record<string, string | string[] | undefined>,
): DetectionListParams {
  return detectionListParamsSchema.parse(searchParams);
}

export function detectionListHref(params: Partial<DetectionListParams>): string {
  const query = new URLSearchParams();
  if (params.level?.length) query.set("level", params.level.join(","));
  if (params.logsource) query.set("logsource", params.logsource);
  if (params.technique) query.set("technique", params.technique);
  const text = query.toString().replace(/%2C/g, ",").replace(/%2F/g, "/");
  return text ? `/detections?${text}` : "/detections";
}
