import { slugify } from "@/lib/feed/normalise";
import type { MatrixView } from "@/lib/coverage/matrix-views";
import type { LayerSubject } from "@/lib/coverage/validations";

/**
 * Download names that say what a file holds: the layer's subject, the filter ("high-briefs-
 * credential-access", or "all-briefs") and a whole-matrix view ("matrix-saas").
 */
export function exportFileName(kind: "csv" | LayerSubject, filterDescription: string, view: MatrixView, filtered: boolean): string {
  const filter = filtered ? slugify(filterDescription) : "all-briefs";
  const matrix = view === "touched" ? "" : `-matrix-${view}`;
  return kind === "csv" ? `attack-coverage-${filter}${matrix}.csv` : `attack-layer-${kind}-${filter}${matrix}.json`;
}
