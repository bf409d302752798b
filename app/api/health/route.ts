import { connection } from "next/server";
import { callerFromRequest, callerVerdict } from "@/lib/auth/access";
import { healthReport } from "@/lib/ingest-runs/health";

/**
 * GET /api/health — 200 when the database answers, 503 when it does not. The last run of each feed is
 * shown only to those who may read /status: a load balancer needs up or down, nothing more.
 */
export async function GET(request: Request): Promise<Response> {
  await connection();
  const report = await healthReport();
  if (report.httpStatus !== 200) return Response.json({ status: report.body.status }, { status: report.httpStatus });
  const caller = await callerFromRequest(request.headers, new URL(request.url));
  const detailed = callerVerdict(caller, "status") === "allow";
  return Response.json(detailed ? report.body : { status: report.body.status }, {
    status: report.httpStatus,
    headers: { "cache-control": "no-store" },
  });
}
