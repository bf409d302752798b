import { actorOfCaller, guardRoute } from "@/lib/auth/access";
import { isSameOriginRequest } from "@/lib/auth/origin-check";
import { deployedRulesForBrief, type DeployedRule } from "@/lib/deployments/queries";
import { notesJson } from "@/lib/notes/note-json";
import { notesOfBrief } from "@/lib/notes/queries";
import { readTriage, triageHistory, type TriageHistoryLine, type TriageView } from "@/lib/triage/queries";
import { changeTriage, TriageConflictError, TriageNotFoundError, TriageRefusedError } from "@/lib/triage/store";
import { etagOf, parseTriageChange, TriageInputError, versionFromIfMatch } from "@/lib/triage/validations";

type Context = { params: Promise<{ slug: string }> };

const NO_STORE = { "cache-control": "no-store" };

function triageJson(view: TriageView, history: TriageHistoryLine[], deployedRules: DeployedRule[]) {
  return {
    slug: view.slug,
    state: view.state,
    reason: view.reason,
    comment: view.comment,
    duplicateOf: view.duplicateOf,
    assignee: view.assignee ? { email: view.assignee.email, name: view.assignee.name } : null,
    version: view.version,
    changedAt: view.changedAt?.toISOString() ?? null,
    changedBy: view.changedBy,
    firstDecidedAt: view.firstDecidedAt?.toISOString() ?? null,
    updatedSinceDecisionAt: view.updatedSinceDecisionAt?.toISOString() ?? null,
    history: history.map((line) => ({ ...line, at: line.at.toISOString() })),
    deployedRules: deployedRules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      deployments: rule.deployments.map((deployment) => ({
        siem: deployment.siem,
        reference: deployment.reference,
        deployedBy: deployment.deployedBy,
        deployedAt: deployment.deployedAt.toISOString(),
        changedSinceDeployed: deployment.changedSinceDeployed !== null,
      })),
    })),
  };
}

/**
 * The whole answer for a brief: its decision, history, notes and the rules the team runs for it.
 * Notes are not part of the decision: writing one leaves the ETag (the triage version) as it is.
 */
async function briefJson(view: TriageView) {
  const [history, deployedRules, notes] = await Promise.all([
    triageHistory(view.briefId),
    deployedRulesForBrief(view.briefId),
    notesOfBrief(view.briefId),
  ]);
  return { ...triageJson(view, history, deployedRules), notes: await notesJson(notes) };
}

/** GET /api/briefs/{slug} — the team's decision on a brief, its owner, history and notes; ETag: its triage version. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const guard = await guardRoute(request, "triageRead");
  if (guard.denied) return guard.denied;
  const { slug } = await params;
  const view = await readTriage(slug);
  if (!view) return Response.json({ error: `No brief "${slug}".` }, { status: 404, headers: NO_STORE });
  return Response.json(await briefJson(view), {
    headers: { ...NO_STORE, etag: etagOf(view.version) },
  });
}

/**
 * PATCH /api/briefs/{slug} — {"state", "reason", "comment", "duplicateOf", "assignee"}, any subset.
 * If-Match is required (428 without): the change applies only to the version the caller saw (412
 * with the current decision otherwise), so a SOAR never overwrites an analyst's decision unseen.
 */
export async function PATCH(request: Request, { params }: Context): Promise<Response> {
  const guard = await guardRoute(request, "triage");
  if (guard.denied) return guard.denied;
  // A browser session from another site is refused; a bearer token is never sent by a browser on its own.
  if (guard.caller.kind !== "token" && !isSameOriginRequest(request.headers))
    return Response.json({ error: "Cross-site request refused." }, { status: 403 });
  const actor = actorOfCaller(guard.caller);
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  const { slug } = await params;
  const basedOn = versionFromIfMatch(request.headers.get("if-match"));
  if (basedOn === null)
    return Response.json(
      { error: 'Send If-Match with the ETag of GET /api/briefs/{slug} (for example If-Match: "3").' },
      { status: 428, headers: NO_STORE },
    );
  try {
    const body: unknown = await request.json().catch(() => {
      throw new TriageInputError("body", "The body is not JSON.");
    });
    const view = await changeTriage(slug, parseTriageChange(body), basedOn, actor);
    return Response.json(await briefJson(view), {
      headers: { ...NO_STORE, etag: etagOf(view.version) },
    });
  } catch (error) {
    if (error instanceof TriageInputError)
      return Response.json({ error: error.message, field: error.field }, { status: 400, headers: NO_STORE });
    if (error instanceof TriageNotFoundError)
      return Response.json({ error: error.message }, { status: 404, headers: NO_STORE });
    if (error instanceof TriageRefusedError)
      return Response.json({ error: error.message }, { status: 403, headers: NO_STORE });
    if (error instanceof TriageConflictError)
      return Response.json(
        { error: error.message, current: await briefJson(error.current) },
        { status: 412, headers: { ...NO_STORE, etag: etagOf(error.current.version) } },
      );
    throw error;
  }
}
