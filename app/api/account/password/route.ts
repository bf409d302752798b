import { formText, handleFormPost } from "@/lib/auth/form-route";
import { changeOwnPassword } from "@/lib/auth/user-admin";

/** POST /api/account/password — the signed-in user changes their password; their other sessions end. */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "account", "/account", async ({ form, actor }) => {
    const cookies = await changeOwnPassword(
      request.headers,
      { current: formText(form, "current"), next: formText(form, "next") },
      actor,
    );
    return { done: "Password changed; your other sessions have ended.", cookies };
  });
}
