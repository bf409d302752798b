import { revokeApiToken } from "@/lib/auth/api-tokens";
import { formText, handleFormPost } from "@/lib/auth/form-route";
import { UserInputError } from "@/lib/auth/users";

/** POST /api/account/tokens/revoke — revokes one of the user's tokens (an admin may revoke anyone's). */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "account", "/account", async ({ form, caller }) => {
    const revoked = await revokeApiToken(formText(form, "token"), {
      id: caller.userId,
      email: caller.viewer.email,
      role: caller.role,
    });
    if (!revoked) throw new UserInputError("No such token.");
    return { done: "Token revoked." };
  });
}
