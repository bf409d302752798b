import { formText, handleFormPost } from "@/lib/auth/form-route";
import { setDisabled } from "@/lib/auth/user-admin";

/** POST /api/admin/users/disable — disables (`disabled=1`) or enables a user. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "admin", "/admin/users", async ({ form, actor }) => {
    const disabled = formText(form, "disabled") === "1";
    await setDisabled(formText(form, "user"), disabled, actor);
    return { done: disabled ? "User disabled; their sessions have ended." : "User enabled." };
  });
}
