import { formText, handleFormPost } from "@/lib/auth/form-route";
import { isRole } from "@/lib/auth/roles";
import { changeRole } from "@/lib/auth/user-admin";
import { UserInputError } from "@/lib/auth/users";

/** POST /api/admin/users/role — sets a user's role; their sessions end. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "admin", "/admin/users", async ({ form, actor }) => {
    const role = formText(form, "role");
    if (!isRole(role)) throw new UserInputError("Choose viewer, analyst or admin.");
    await changeRole(formText(form, "user"), role, actor);
    return { done: "Role changed; the user's sessions have ended." };
  });
}
