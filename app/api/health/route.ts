import { connection } from "next/server";
import { healthReport } from "@/lib/ingest-runs/health";

/** GET /api/health — 200 when the database answers, with the last run of each feed; 503 when it does not. */
export async function GET(): Promise<Response> {
  await connection();
  const report = await healthReport();
  return Response.json(report.body, { status: report.httpStatus });
}
