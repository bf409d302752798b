import { techniqueUrl } from "@/lib/attack/techniques";
import { briefListHref } from "@/lib/briefs/list-href";
import type { BriefFilters } from "@/lib/briefs/validations";
import { detectionListHref } from "@/lib/detections/validations";

/** Where a technique's counts lead: the briefs under the view's filters, the rules in use, ATT&CK's page. */
export function coverageLinks(filters: BriefFilters) {
  return {
    briefs: (id: string) => briefListHref({ ...filters, tag: [...new Set([...filters.tag, id.toLowerCase()])] }),
    rules: (id: string) => detectionListHref({ technique: id }),
    attack: (id: string) => techniqueUrl(id),
  };
}

export type CoverageLinks = ReturnType<typeof coverageLinks>;
