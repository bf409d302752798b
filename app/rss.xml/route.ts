import { guardRoute } from "@/lib/auth/access";
import { connection } from "next/server";
import { feedResponse } from "@/lib/feeds-out/respond";
import { triageFiltersFor } from "@/lib/triage/list-filters";

/** GET /rss.xml?<list query> — the list view with the same parameters as RSS 2.0. */
export async function GET(request: Request): Promise<Response> {
  await connection();
  const guard = await guardRoute(request, "feeds");
  if (guard.denied) return guard.denied;
  const response = await feedResponse(
    "rss",
    new URL(request.url),
    request.headers,
    (params) => triageFiltersFor(params, guard.caller).query,
  );
  // A feed read with a token or a session is that reader's: no shared cache may keep it.
  if (guard.caller.kind === "token" || guard.caller.kind === "user")
    response.headers.set("cache-control", "private, no-cache");
  return response;
}
