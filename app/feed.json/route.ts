import { connection } from "next/server";
import { feedResponse } from "@/lib/feeds-out/respond";

/** GET /feed.json?<list query> — the list view with the same parameters as JSON Feed 1.1. */
export async function GET(request: Request): Promise<Response> {
  await connection();
  return feedResponse("json", new URL(request.url), request.headers);
}
