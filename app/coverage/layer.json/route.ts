import { guardRoute } from "@/lib/auth/access";
import { connection } from "next/server";
import { coverageLayerExport, downloadResponse } from "@/lib/coverage/exports";
import { layerSubjectSchema, parseCoverageParams, searchParamsRecord } from "@/lib/coverage/validations";
import { siteUrl } from "@/lib/site-url";

/** GET /coverage/layer.json?of=briefs|rules&… — the coverage view as an ATT&CK Navigator layer (format 4.5). */
export async function GET(request: Request): Promise<Response> {
  await connection();
  const guard = await guardRoute(request, "coverage");
  if (guard.denied) return guard.denied;
  const query = searchParamsRecord(new URL(request.url));
  const subject = layerSubjectSchema.safeParse(query);
  if (!subject.success) return Response.json({ error: subject.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  return downloadResponse(await coverageLayerExport(parseCoverageParams(query), subject.data.of, await siteUrl()));
}
