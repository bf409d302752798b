import { formText, handleFormPost } from "@/lib/auth/form-route";
import { resetPassword } from "@/lib/auth/user-admin";

/** POST /api/admin/users/password — sets a new password for a local user; their sessions end. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "admin", "/admin/users", async ({ form, actor }) => {
    await resetPassword(formText(form, "user"), formText(form, "password"), actor);
    return { done: "Password reset; the user's sessions have ended." };
  });
}
