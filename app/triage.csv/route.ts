import { guardRoute } from "@/lib/auth/access";
import { connection } from "next/server";
import { parseBriefListParams, searchParamsRecord } from "@/lib/briefs/validations";
import { siteUrlFor } from "@/lib/site-url";
import { triageCsv } from "@/lib/triage/csv";
import { triageExportRows } from "@/lib/triage/export";
import { triageFiltersFor } from "@/lib/triage/list-filters";

/**
 * GET /triage.csv?<list query> — every brief of the list view with the team's decision, owner, last
 * change and the rules it runs, for a spreadsheet. The decisions are the team's: readers of triage only.
 */
export async function GET(request: Request): Promise<Response> {
  await connection();
  const guard = await guardRoute(request, "triageRead");
  if (guard.denied) return guard.denied;
  const url = new URL(request.url);
  const params = triageFiltersFor(parseBriefListParams(searchParamsRecord(url.searchParams)), guard.caller).query;
  const body = triageCsv(await triageExportRows(params, siteUrlFor(request.headers)));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="triage-${day}.csv"`,
      // One reader's view ("me", the team's decisions): never kept by a shared cache.
      "cache-control": "private, no-store",
    },
  });
}
