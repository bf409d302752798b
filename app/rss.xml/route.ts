import { connection } from "next/server";
import { feedResponse } from "@/lib/feeds-out/respond";

/** GET /rss.xml?<list query> — the list view with the same parameters as RSS 2.0. */
export async function GET(request: Request): Promise<Response> {
  await connection();
  return feedResponse("rss", new URL(request.url), request.headers);
}
