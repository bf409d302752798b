import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth/server";
import { createLocalUser, UserInputError } from "@/lib/auth/users";
import { authDb } from "@/lib/db";

describe("createLocalUser", () => {
  it("creates a user with its role and a hashed password that signs in", async () => {
    const user = await createLocalUser({
      email: " Ann@Example.org ",
      password: "copper lantern orbit meadow",
      role: "analyst",
    });
    const stored = await authDb.user.findUniqueOrThrow({ where: { id: user.id }, include: { accounts: true } });
    expect(stored).toMatchObject({ email: "ann@example.org", role: "analyst", name: "ann" });
    expect(stored.accounts[0].password).not.toContain("copper");

    const signedIn = await auth().api.signInEmail({
      body: { email: "ann@example.org", password: "copper lantern orbit meadow" },
      headers: new Headers(),
    });
    expect(signedIn.user.id).toBe(user.id);
    await expect(
      auth().api.signInEmail({
        body: { email: "ann@example.org", password: "wrong wrong wrong" },
        headers: new Headers(),
      }),
    ).rejects.toMatchObject({ statusCode: 401 });
  });

  it("refuses a weak password and an email in use", async () => {
    await expect(
      createLocalUser({ email: "bob@example.org", password: "password1234", role: "viewer" }),
    ).rejects.toThrow(UserInputError);
    await createLocalUser({ email: "carl@example.org", password: "copper lantern orbit meadow", role: "viewer" });
    await expect(
      createLocalUser({ email: "CARL@example.org", password: "velvet harbor quartz sprout", role: "viewer" }),
    ).rejects.toThrow(/exists already/);
  });
});
