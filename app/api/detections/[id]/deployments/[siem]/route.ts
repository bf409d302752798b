import { actorOfCaller, guardRoute, type RouteGuard } from "@/lib/auth/access";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { flashQuery, type Flash } from "@/lib/auth/flash";
import { safeReturnPath } from "@/lib/auth/return-path";
import { deploymentsForRule } from "@/lib/deployments/queries";
import { acknowledgeRuleChange, deployRule, DeploymentNotFoundError, undeployRule } from "@/lib/deployments/store";
import {
  DeploymentInputError,
  DeploymentRefusedError,
  isSiem,
  parseDeploymentBody,
  siemLabel,
} from "@/lib/deployments/validations";
import { getDetection } from "@/lib/detections/queries";

type Context = { params: Promise<{ id: string; siem: string }> };

const NO_STORE = { "cache-control": "no-store" };

/** What a refused write answers, as JSON: the field for a bad value, 404 for no such rule or SIEM. */
function refusal(error: unknown): Response {
  if (error instanceof DeploymentInputError)
    return Response.json({ error: error.message, field: error.field }, { status: 400, headers: NO_STORE });
  if (error instanceof DeploymentNotFoundError)
    return Response.json({ error: error.message }, { status: 404, headers: NO_STORE });
  if (error instanceof DeploymentRefusedError)
    return Response.json({ error: error.message }, { status: 403, headers: NO_STORE });
  throw error;
}

/**
 * The API's callers: a personal token with the triage scope (a SOAR; a bearer header is never sent by
 * a browser on its own, so no origin check), or an analyst's session from the dashboard's own origin.
 */
async function guardApi(request: Request): Promise<RouteGuard> {
  const guard = await guardRoute(request, "deployments");
  // Who is asking comes first, so that a signed-out caller learns to sign in (401) wherever it calls from.
  if (guard.denied || guard.caller.kind === "token" || isSameOriginRequest(request.headers)) return guard;
  return { denied: Response.json({ error: "Cross-site request refused." }, { status: 403 }) };
}

async function state(id: string, siem: string): Promise<Response> {
  const detection = await getDetection(id);
  if (!detection || !isSiem(siem)) return Response.json({ error: "No such rule or SIEM." }, { status: 404 });
  const deployment = (await deploymentsForRule(detection))[siem];
  return Response.json(
    {
      detection: id,
      siem,
      deployed: deployment !== null,
      reference: deployment?.reference ?? null,
      deployedBy: deployment?.deployedBy ?? null,
      deployedAt: deployment?.deployedAt.toISOString() ?? null,
      changedSinceDeployed: deployment?.changedSinceDeployed !== null && deployment !== null,
    },
    { headers: NO_STORE },
  );
}

/** PUT /api/detections/{id}/deployments/{siem} — marks the rule deployed there; body {"reference"} optional. */
export async function PUT(request: Request, { params }: Context): Promise<Response> {
  const guard = await guardApi(request);
  if (guard.denied) return guard.denied;
  const actor = actorOfCaller(guard.caller);
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  const { id, siem } = await params;
  try {
    const body = parseDeploymentBody(await request.text());
    await deployRule(actor, id, siem, body);
  } catch (error) {
    return refusal(error);
  }
  return state(id, siem);
}

/** DELETE /api/detections/{id}/deployments/{siem} — marks the rule no longer deployed there. */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  const guard = await guardApi(request);
  if (guard.denied) return guard.denied;
  const actor = actorOfCaller(guard.caller);
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  const { id, siem } = await params;
  try {
    await undeployRule(actor, id, siem);
  } catch (error) {
    return refusal(error);
  }
  return state(id, siem);
}

/** Where a form post returns: the brief or rule page it came from, else the rule's own page. */
function backPath(value: FormDataEntryValue | null, id: string): string {
  const path = safeReturnPath(typeof value === "string" ? value : null).split(/[?#]/)[0];
  return /^\/(briefs|detections)\/[^/]+$/.test(path) ? path : `/detections/${encodeURIComponent(id)}`;
}

/**
 * POST /api/detections/{id}/deployments/{siem} — the rule panel's forms (action = deploy, undeploy or
 * acknowledge): origin, session and role are checked first, as for the account forms; the browser
 * goes back to the panel with what happened (303, so a reload does not post again).
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const guard = await guardRoute(request, "deployments", { write: true });
  if (guard.denied) return guard.denied;
  if (guard.caller.kind !== "user")
    return Response.json({ error: "Sign in with a browser session to do this." }, { status: 403 });
  const actor = actorOfCaller(guard.caller)!;
  const { id, siem } = await params;
  const form = await request.formData().catch(() => new FormData());
  const action = form.get("action");
  let flash: Flash;
  try {
    const label = isSiem(siem) ? siemLabel(siem) : siem;
    if (action === "deploy") {
      await deployRule(actor, id, siem, { reference: form.get("reference") ?? undefined });
      flash = { kind: "done", message: `Marked deployed to ${label}.` };
    } else if (action === "undeploy") {
      await undeployRule(actor, id, siem);
      flash = { kind: "done", message: `Marked not deployed to ${label}.` };
    } else if (action === "acknowledge") {
      await acknowledgeRuleChange(actor, id, siem);
      flash = { kind: "done", message: `The ${label} query change is acknowledged.` };
    } else {
      flash = { kind: "error", message: "Choose deploy, undeploy or acknowledge." };
    }
  } catch (error) {
    if (error instanceof DeploymentRefusedError)
      return Response.json({ error: error.message }, { status: 403, headers: NO_STORE });
    if (!(error instanceof DeploymentInputError) && !(error instanceof DeploymentNotFoundError)) throw error;
    flash = { kind: "error", message: error.message };
  }
  const location = `${backPath(form.get("back"), id)}?${flashQuery(flash)}&rule=${encodeURIComponent(id)}#deployments-${encodeURIComponent(id)}`;
  return new Response(null, { status: 303, headers: { location, ...NO_STORE } });
}
