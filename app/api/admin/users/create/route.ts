import { audit } from "@/lib/auth/audit";
import { formText, handleFormPost } from "@/lib/auth/form-route";
import { isRole } from "@/lib/auth/roles";
import { createLocalUser, UserInputError } from "@/lib/auth/users";

/** POST /api/admin/users/create — adds a local user with a role and a first password. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "admin", "/admin/users", async ({ form, actor }) => {
    const role = formText(form, "role");
    if (!isRole(role)) throw new UserInputError("Choose viewer, analyst or admin.");
    const user = await createLocalUser({
      email: formText(form, "email"),
      name: formText(form, "name"),
      password: formText(form, "password"),
      role,
    });
    await audit({
      action: "user.created",
      outcome: "success",
      actorId: actor.id,
      actorEmail: actor.email,
      address: actor.address,
      targetId: user.id,
      detail: { email: user.email, role },
    });
    return { done: `Created ${user.email}.` };
  });
}
