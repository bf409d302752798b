import { formText, handleFormPost } from "@/lib/auth/form-route";
import { UserInputError } from "@/lib/auth/users";
import { acknowledgeFeedUpdate } from "@/lib/triage/acknowledge";
import { changeTriage, TriageConflictError, TriageNotFoundError } from "@/lib/triage/store";
import { parseTriageChange, TriageInputError } from "@/lib/triage/validations";

type Context = { params: Promise<{ slug: string }> };

/** Form fields the brief page's team panel sends; an empty one leaves that part as it is. */
const FIELDS = ["state", "reason", "comment", "duplicateOf"] as const;

/**
 * POST /api/briefs/{slug}/triage — the brief page's forms (state, dismissal, owner, and
 * `acknowledge=feed-update` for a feed's update of a decided brief). `version` is
 * the one the page showed: a change made meanwhile is reported with who and when, nothing overwritten.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { slug } = await params;
  return handleFormPost(request, "triage", `/briefs/${encodeURIComponent(slug)}`, async ({ form, caller }) => {
    const body: Record<string, string | null> = {};
    for (const field of FIELDS) if (form.has(field)) body[field] = formText(form, field);
    const assign = formText(form, "assign");
    if (assign === "me") body.assignee = caller.viewer.email;
    else if (assign === "none") body.assignee = null;
    else if (assign) body.assignee = assign;
    const version = Number(formText(form, "version"));
    try {
      if (!Number.isInteger(version) || version < 0)
        throw new TriageInputError("version", "Reload the page and try again.");
      const actor = { id: caller.userId, email: caller.viewer.email, role: caller.role };
      if (formText(form, "acknowledge") === "feed-update") {
        await acknowledgeFeedUpdate(slug, version, actor);
        return { done: "Acknowledged the feed's update." };
      }
      const view = await changeTriage(slug, parseTriageChange(body), version, actor);
      return {
        done: `Saved: ${view.state.replace("_", " ")}${view.assignee ? `, owned by ${view.assignee.email}` : ""}.`,
      };
    } catch (error) {
      // The page shows these as its error line; a stale page learns who changed the brief and when.
      if (
        error instanceof TriageInputError ||
        error instanceof TriageConflictError ||
        error instanceof TriageNotFoundError
      )
        throw new UserInputError(error.message);
      throw error;
    }
  });
}
