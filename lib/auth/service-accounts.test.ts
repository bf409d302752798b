import { describe, expect, it } from "vitest";
import { checkApiToken, createApiToken } from "@/lib/auth/api-tokens";
import { auth } from "@/lib/auth/server";
import { createServiceAccount, serviceAccountEmail } from "@/lib/auth/service-accounts";
import { createLocalUser, UserInputError } from "@/lib/auth/users";
import { authDb, db } from "@/lib/db";
import { readTriage, triageHistory } from "@/lib/triage/queries";
import { changeTriage } from "@/lib/triage/store";

describe("service accounts", () => {
  it("waits for the first admin, so setup never closes with nobody able to sign in", async () => {
    await expect(createServiceAccount({ name: "Early" })).rejects.toThrow(/first admin/);
  });

  it("is a named analyst with no password that cannot sign in", async () => {
    const admin = await createLocalUser({
      email: "ada@example.org",
      password: "copper lantern orbit meadow",
      role: "admin",
    });
    const soar = await createServiceAccount({ name: " SOAR Playbooks " });
    expect(soar).toMatchObject({ name: "SOAR Playbooks", email: "soar-playbooks@service.invalid" });
    const stored = await authDb.user.findUniqueOrThrow({ where: { id: soar.id }, include: { accounts: true } });
    expect(stored).toMatchObject({ role: "analyst", kind: "service", accounts: [] });
    await expect(createServiceAccount({ name: "soar playbooks" })).rejects.toThrow(/exists already/);
    await expect(createServiceAccount({ name: "  !! " })).rejects.toThrow(UserInputError);

    await expect(
      auth().api.signInEmail({
        body: { email: soar.email, password: "copper lantern orbit meadow" },
        headers: new Headers(),
      }),
    ).rejects.toMatchObject({ statusCode: 401 });
    // Nor does any other way of making a session work for it.
    const context = await auth().$context;
    await expect(context.internalAdapter.createSession(soar.id, undefined)).rejects.toThrow(/does not sign in/);
    expect(await authDb.session.count({ where: { userId: soar.id } })).toBe(0);
    expect(admin.email).toBe("ada@example.org");
  });

  it("acts through its token under its own name, marked as a service account in the history", async () => {
    const soar = await authDb.user.findUniqueOrThrow({ where: { email: serviceAccountEmail("SOAR Playbooks") } });
    const admin = await authDb.user.findUniqueOrThrow({ where: { email: "ada@example.org" } });
    const { token } = await createApiToken({
      userId: soar.id,
      name: "playbooks",
      scopes: ["read", "triage"],
      days: 30,
      actor: { id: admin.id, email: admin.email },
    });
    const check = await checkApiToken(token, { address: "192.0.2.1", path: "/api/briefs/x" });
    if (!("holder" in check)) throw new Error(`token refused: ${check.refused}`);
    const brief = await db.brief.create({
      data: {
        identity: "soar",
        slug: "soar",
        severity: "high",
        contentHash: "soar",
        title: "Soar",
        summary: "",
        summaryHtml: "",
        attackChain: [],
        recommendations: [],
        bodyHtml: "",
        bodyText: "",
      },
    });
    const { holder } = check;
    await changeTriage(brief.slug, { state: "in_review" }, 0, {
      id: holder.userId,
      email: holder.email,
      role: holder.role,
    });
    expect(await readTriage(brief.slug)).toMatchObject({ state: "in_review", changedBy: soar.email });
    expect(await triageHistory(brief.id)).toMatchObject([
      { actorEmail: soar.email, serviceAccount: "SOAR Playbooks", toState: "in_review" },
    ]);
  });
});
