import { guardRoute } from "@/lib/auth/access";
import { connection } from "next/server";
import { coverageCsvExport, downloadResponse } from "@/lib/coverage/exports";
import { parseCoverageParams, searchParamsRecord } from "@/lib/coverage/validations";

/** GET /coverage.csv?… — the coverage view as CSV, one line per technique. */
export async function GET(request: Request): Promise<Response> {
  await connection();
  const guard = await guardRoute(request, "coverage");
  if (guard.denied) return guard.denied;
  return downloadResponse(await coverageCsvExport(parseCoverageParams(searchParamsRecord(new URL(request.url)))));
}
