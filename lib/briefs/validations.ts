import { z } from "zod";
import { isSeverity, type Severity } from "@/lib/briefs/severity";

export const PAGE_SIZE = 20;

/** One value of a search parameter: Next gives a string, an array for repeats, or nothing. */
const single = z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().optional());

/**
 * The list page's URL state. A bad value falls back to its default instead of failing the page,
 * so a mistyped shared link still opens.
 */
export const briefListParamsSchema = z.object({
  severity: single.transform((value): Severity[] => {
    const wanted = (value ?? "").split(",").map((part) => part.trim().toLowerCase());
    return [...new Set(wanted.filter(isSeverity))];
  }),
  page: single.transform((value) => {
    const page = Number(value);
    return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
  }),
});

export type BriefListParams = z.infer<typeof briefListParamsSchema>;

export function parseBriefListParams(searchParams: Record<string, string | string[] | undefined>): BriefListParams {
  return briefListParamsSchema.parse(searchParams);
}

/** The URL for a list view; default values are left out so equal views share one link. */
export function briefListHref(params: Partial<BriefListParams>): string {
  const query = new URLSearchParams();
  if (params.severity?.length) query.set("severity", params.severity.join(","));
  if (params.page && params.page > 1) query.set("page", String(params.page));
  const text = query.toString().replace(/%2C/g, ",");
  return text ? `/?${text}` : "/";
}
