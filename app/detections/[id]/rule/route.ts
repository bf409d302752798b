import { guardRoute } from "@/lib/auth/access";
import { getDetection } from "@/lib/detections/queries";
import { slugify } from "@/lib/feed/normalise";

/** GET /detections/[id]/rule — the rule file exactly as stored, as a download. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const guard = await guardRoute(request, "detections");
  if (guard.denied) return guard.denied;
  const detection = await getDetection((await params).id);
  if (!detection) return Response.json({ error: "No such detection." }, { status: 404 });
  const extension = detection.ruleFormat === "sigma" ? "yml" : "toml";
  return new Response(detection.ruleText, {
    headers: {
      "content-type":
        detection.ruleFormat === "sigma" ? "application/yaml; charset=utf-8" : "application/toml; charset=utf-8",
      "content-disposition": `attachment; filename="${slugify(detection.title) || detection.id}.${extension}"`,
    },
  });
}
