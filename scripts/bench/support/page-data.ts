/**
 * The data each measured page loads, as its server component loads it (app/page.tsx,
 * app/coverage/page.tsx, app/briefs/[slug]/page.tsx, with their metadata): what the render-time
 * breakdown times apart from rendering. Keep in step with those pages.
 */
import {
  getBriefBySlug,
  listBriefRevisions,
  listBriefs,
  listFilterOptions,
  listRelatedBriefs,
  listTagOptions,
} from "@/lib/briefs/queries";
import { parseBriefListParams, searchParamsRecord } from "@/lib/briefs/validations";
import { loadCoverage } from "@/lib/coverage/queries";
import { parseCoverageParams } from "@/lib/coverage/validations";
import { listDetectionsForBrief } from "@/lib/detections/queries";

/** Loads what the page at `url` (path and query) loads; false for a page this does not know. */
export async function loadPageData(url: string): Promise<boolean> {
  const { pathname, searchParams } = new URL(url, "http://localhost");
  const record = searchParamsRecord(searchParams);
  if (pathname === "/") {
    await Promise.all([listBriefs(parseBriefListParams(record)), listFilterOptions(), listTagOptions()]);
    return true;
  }
  if (pathname === "/coverage") {
    await Promise.all([loadCoverage(parseCoverageParams(record)), listFilterOptions(), listTagOptions()]);
    return true;
  }
  const slug = /^\/briefs\/([^/]+)$/.exec(pathname)?.[1];
  if (!slug) return false;
  const brief = await getBriefBySlug(decodeURIComponent(slug));
  if (!brief) return false;
  await Promise.all([listRelatedBriefs(brief), listDetectionsForBrief(brief.id), listBriefRevisions(brief.id)]);
  return true;
}
