import { audit } from "@/lib/auth/audit";
import { formText, handleFormPost } from "@/lib/auth/form-route";
import { createServiceAccount } from "@/lib/auth/service-accounts";

/** POST /api/admin/users/service — makes a named service account for a SOAR (no password). Admins only. */
export async function POST(request: Request): Promise<Response> {
  return handleFormPost(request, "admin", "/admin/users", async ({ form, actor }) => {
    const user = await createServiceAccount({ name: formText(form, "name") });
    await audit({
      action: "user.created",
      outcome: "success",
      actorId: actor.id,
      actorEmail: actor.email,
      address: actor.address,
      targetId: user.id,
      detail: { email: user.email, role: "analyst", kind: "service" },
    });
    return { done: `Created service account ${user.name} (${user.email}); issue it a token below.` };
  });
}
