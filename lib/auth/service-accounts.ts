import "server-only";
import { randomUUID } from "node:crypto";
import { UserInputError } from "@/lib/auth/users";
import { authDb } from "@/lib/db";

/** What a user is: a person, or a service account a SOAR acts under (through tokens only). */
export const USER_KINDS = ["person", "service"] as const;
export type UserKind = (typeof USER_KINDS)[number];

/** Service accounts' addresses: reserved (RFC 2606), so no mail goes anywhere and no SSO identity matches. */
export const SERVICE_EMAIL_DOMAIN = "service.invalid";

/** The address a service account of this name gets: "SOAR Playbooks" → soar-playbooks@service.invalid. */
export function serviceAccountEmail(name: string): string {
  const local = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  if (!local) throw new UserInputError("name: give a service account a name with letters or digits.");
  return `${local}@${SERVICE_EMAIL_DOMAIN}`;
}

/**
 * Makes a named service account for a SOAR, so its decisions are recorded under its name and not a
 * person's: an analyst (it changes triage) with no password and no SSO link, so nobody signs in as
 * it; it acts through the tokens an admin issues for it, and is disabled like any user.
 */
export async function createServiceAccount(input: {
  name: string;
}): Promise<{ id: string; email: string; name: string }> {
  const name = input.name.trim().slice(0, 100);
  if (!name) throw new UserInputError("name: give the service account a name.");
  const email = serviceAccountEmail(name);
  // The first account is the admin who sets the dashboard up: a service account first would close setup with nobody to sign in.
  if ((await authDb.user.count()) === 0)
    throw new UserInputError("Create the first admin before a service account (the setup page or users:create).");
  if (await authDb.user.findUnique({ where: { email }, select: { id: true } }))
    throw new UserInputError(`A user with the email ${email} exists already.`);
  const user = await authDb.user.create({
    data: { id: randomUUID(), email, name, emailVerified: true, role: "analyst", kind: "service" },
    select: { id: true, email: true, name: true },
  });
  return user;
}

export async function isServiceAccount(userId: string): Promise<boolean> {
  const user = await authDb.user.findUnique({ where: { id: userId }, select: { kind: true } });
  return user?.kind === "service";
}
