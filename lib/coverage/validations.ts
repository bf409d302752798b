import { z } from "zod";
import { briefListParamsSchema, single, type SearchParamsRecord } from "@/lib/briefs/validations";
import { MATRIX_VIEWS, type CoverageParams, type MatrixView } from "@/lib/coverage/matrix-views";

/** The coverage page's URL state: the list's filters (no order or page) and the matrix view. */
export const coverageParamsSchema = briefListParamsSchema.omit({ sort: true, page: true }).extend({
  matrix: single.transform((value): MatrixView => ((MATRIX_VIEWS as readonly string[]).includes(value ?? "") ? (value as MatrixView) : "touched")),
});

export function parseCoverageParams(searchParams: SearchParamsRecord): CoverageParams {
  return coverageParamsSchema.parse(searchParams);
}

export const LAYER_SUBJECTS = ["briefs", "rules"] as const;
export type LayerSubject = (typeof LAYER_SUBJECTS)[number];

/** What a Navigator layer scores: briefs describing each technique (the default), or rules detecting it. */
export const layerSubjectSchema = z.object({
  of: single.pipe(z.enum(LAYER_SUBJECTS, { error: "of must be briefs or rules" }).default("briefs")),
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
