import { formText, handleFormPost } from "@/lib/auth/form-route";
import { UserInputError } from "@/lib/auth/users";
import { markReviewedBefore, parseDay } from "@/lib/triage/mark-reviewed";

/**
 * POST /api/admin/triage/mark-reviewed — adopting the dashboard on an existing feed: every brief
 * published before the day that is still new is marked reviewed (dismissed, "other", with a comment
 * saying why), so the queue starts there. Admins only; running it again changes nothing.
 */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "admin", "/admin/triage", async ({ form, caller, actor }) => {
    const before = parseDay(formText(form, "before").trim());
    if (!before) throw new UserInputError("before: give a day as YYYY-MM-DD.");
    if (before.getTime() > Date.now()) throw new UserInputError("before: the day must not be in the future.");
    const started = Date.now();
    const { marked } = await markReviewedBefore(
      before,
      { id: caller.userId, email: caller.viewer.email, role: caller.role },
      { address: actor.address, userAgent: actor.userAgent },
    );
    const day = before.toISOString().slice(0, 10);
    return {
      done:
        marked === 0
          ? `No brief published before ${day} was still new: nothing changed.`
          : `Marked ${marked} ${marked === 1 ? "brief" : "briefs"} published before ${day} reviewed in ${Math.max(1, Math.round((Date.now() - started) / 1000))} s.`,
    };
  });
}
