import { formText, handleFormPost } from "@/lib/auth/form-route";
import { UserInputError } from "@/lib/auth/users";
import { briefListHref } from "@/lib/briefs/list-href";
import { parseBriefListParams, searchParamsRecord } from "@/lib/briefs/validations";
import { BulkTriageConflictError, changeTriageOfMany } from "@/lib/triage/bulk";
import { TriageNotFoundError } from "@/lib/triage/store";
import { parseBulkTriageForm } from "@/lib/triage/bulk-form";
import { TriageInputError } from "@/lib/triage/validations";

/**
 * POST /api/triage/bulk?{list view} — the list's bulk actions: one state or owner for every selected
 * brief, all or nothing. The list view the page showed rides in the query, so the browser goes back
 * to it (rebuilt from the parsed filters, never taken as a URL) with what happened.
 */
export async function POST(request: Request): Promise<Response> {
  const view = parseBriefListParams(searchParamsRecord(new URL(request.url).searchParams));
  return handleFormPost(request, "triage", briefListHref(view), async ({ form, caller }) => {
    try {
      const { items, change } = parseBulkTriageForm(form, caller.viewer.email);
      const views = await changeTriageOfMany(items, change, {
        id: caller.userId,
        email: caller.viewer.email,
        role: caller.role,
      });
      const what =
        formText(form, "do") === "state"
          ? `set to ${views[0]?.state.replace("_", " ")}`
          : views[0]?.assignee
            ? `assigned to ${views[0].assignee.email}`
            : "left with nobody";
      return { done: `${views.length} ${views.length === 1 ? "brief" : "briefs"} ${what}.` };
    } catch (error) {
      if (
        error instanceof TriageInputError ||
        error instanceof BulkTriageConflictError ||
        error instanceof TriageNotFoundError
      )
        throw new UserInputError(error.message);
      throw error;
    }
  });
}
