import { formText, handleFormPost } from "@/lib/auth/form-route";
import { endSessions } from "@/lib/auth/user-admin";

/** POST /api/account/sessions — ends one of the user's sessions (`session`), or all but this one (`others`). */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "account", "/account", async ({ form, actor, caller }) => {
    const sessionId = formText(form, "session");
    const count = await endSessions(
      caller.userId,
      sessionId ? { sessionId } : { allBut: caller.viewer.sessionId },
      actor,
    );
    return { done: `${count} session${count === 1 ? "" : "s"} ended.` };
  });
}
