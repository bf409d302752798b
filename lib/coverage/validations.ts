import { z } from "zod";
import { briefListParamsSchema, single, type SearchParamsRecord } from "@/lib/briefs/validations";
import { MATRIX_VIEWS, type CoverageParams, type MatrixView } from "@/lib/coverage/matrix-views";
import { isSiem, type Siem } from "@/lib/deployments/validations";

/** The coverage page's URL state: the list's filters (no order or page) and the matrix view. */
export const coverageParamsSchema = briefListParamsSchema.omit({ sort: true, page: true }).extend({
  matrix: single.transform((value): MatrixView => ((MATRIX_VIEWS as readonly string[]).includes(value ?? "") ? (value as MatrixView) : "touched")),
  // of=deployed counts only rules the team runs; the layer's of=briefs|rules leave the library's.
  of: single.transform((value) => value),
  siem: single.transform((value): Siem | null => (isSiem(value) ? value : null)),
}).transform(({ of, siem, ...rest }): CoverageParams => ({
  ...rest,
  rulesFrom: of === "deployed" ? "deployed" : "library",
  siem: of === "deployed" ? siem : null,
}));

export function parseCoverageParams(searchParams: SearchParamsRecord): CoverageParams {
  return coverageParamsSchema.parse(searchParams);
}

export const LAYER_SUBJECTS = ["briefs", "rules", "deployed"] as const;
export type LayerSubject = (typeof LAYER_SUBJECTS)[number];

/** What a Navigator layer scores: briefs describing each technique (the default), rules in use, or deployed rules detecting it. */
export const layerSubjectSchema = z.object({
  of: single.pipe(z.enum(LAYER_SUBJECTS, { error: "of must be briefs, rules or deployed" }).default("briefs")),
});

/** A request URL's query as the schemas read it (a repeated key gives its values in order). */
export function searchParamsRecord(url: URL): SearchParamsRecord {
  const record: SearchParamsRecord = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    record[key] = values.length === 1 ? values[0] : values;
  }
  return record;
}
