import { formText, handleFormPost } from "@/lib/auth/form-route";
import { endSessions } from "@/lib/auth/user-admin";

/** POST /api/admin/users/sessions — ends every session of a user. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "admin", "/admin/users", async ({ form, actor }) => {
    const count = await endSessions(formText(form, "user"), { allBut: "" }, actor);
    return { done: `${count} session${count === 1 ? "" : "s"} ended.` };
  });
}
