import "server-only";
import { listTagOptions } from "@/lib/briefs/queries";
import { tagLabelsFor } from "@/lib/briefs/tag-labels";
import { describeFilters, hasFilters } from "@/lib/briefs/validations";
import { coverageCsv } from "@/lib/coverage/csv";
import { exportFileName } from "@/lib/coverage/export-names";
import { coverageLinks } from "@/lib/coverage/links";
import { MATRIX_VIEW_PLATFORMS, coverageHref, type CoverageParams } from "@/lib/coverage/matrix-views";
import { NAMED_IN_COMMENT, navigatorLayer } from "@/lib/coverage/navigator-layer";
import { briefTitlesByTechnique, loadCoverage, ruleTitlesByTechnique } from "@/lib/coverage/queries";
import type { LayerSubject } from "@/lib/coverage/validations";

export type CoverageExport = { fileName: string; contentType: string; body: string };

async function filterDescription(params: CoverageParams): Promise<string> {
  return hasFilters(params) ? describeFilters(params, tagLabelsFor(await listTagOptions(), params.tag)) : "All briefs";
}

/** The coverage view as a Navigator layer; links back to the dashboard start at `origin`. */
export async function coverageLayerExport(query: CoverageParams, subject: LayerSubject, origin: URL): Promise<CoverageExport> {
  // A deployed-rules layer counts what the team runs (to the SIEM asked for, if any); a rules layer, the library.
  const params: CoverageParams =
    subject === "deployed" ? { ...query, rulesFrom: "deployed" } : subject === "rules" ? { ...query, rulesFrom: "library", siem: null } : query;
  const [{ model }, titles, description] = await Promise.all([
    loadCoverage(params),
    subject === "briefs" ? briefTitlesByTechnique(params, NAMED_IN_COMMENT) : ruleTitlesByTechnique(NAMED_IN_COMMENT, params),
    filterDescription(params),
  ]);
  const absolute = (href: string) => new URL(href, origin).href;
  const links = coverageLinks(params);
  const layer = navigatorLayer({
    model,
    subject,
    titles,
    filterDescription: description,
    platforms: params.matrix === "touched" ? null : MATRIX_VIEW_PLATFORMS[params.matrix],
    coverageUrl: absolute(coverageHref(params)),
    techniqueUrl: (id) => absolute(subject === "briefs" ? links.briefs(id) : links.rules(id)),
    generatedAt: new Date(),
  });
  return { fileName: exportFileName(subject, description, params.matrix, hasFilters(params)), contentType: "application/json; charset=utf-8", body: `${JSON.stringify(layer, null, 2)}\n` };
}

export async function coverageCsvExport(params: CoverageParams): Promise<CoverageExport> {
  const [{ model }, description] = await Promise.all([loadCoverage(params), filterDescription(params)]);
  return { fileName: exportFileName("csv", description, params.matrix, hasFilters(params)), contentType: "text/csv; charset=utf-8", body: coverageCsv(model) };
}

export function downloadResponse(file: CoverageExport): Response {
  return new Response(file.body, { headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"` } });
}
