import "server-only";
import { markAccountExists } from "@/lib/auth/first-account";
import { passwordProblem } from "@/lib/auth/password-policy";
import type { Role } from "@/lib/auth/roles";
import { auth } from "@/lib/auth/server";
import { authDb } from "@/lib/db";

/** A request a person can fix (a weak password, an email in use): its message is shown to them. */
export class UserInputError extends Error {}

export type NewLocalUser = { email: string; name?: string; password: string; role: Role };

/**
 * Creates a user who signs in with email and password, hashed by better-auth (scrypt). The password
 * policy applies here, so the setup page, ADMIN_PASSWORD and `npm run users:create` share it.
 */
export async function createLocalUser(input: NewLocalUser): Promise<{ id: string; email: string }> {
  const { email, name } = await checkNewLocalUser(input);
  const context = await auth().$context;
  const hash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser(
    { email, name, emailVerified: true, role: input.role },
    { method: "admin" },
  );
  markAccountExists();
  await context.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: hash,
  });
  return { id: user.id, email };
}

/** The normalised email and name of a user about to be created, or the reason it cannot be. */
export async function checkNewLocalUser(input: Omit<NewLocalUser, "role">): Promise<{ email: string; name: string }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new UserInputError("Give an email address.");
  const name = input.name?.trim() || email.split("@")[0];
  const problem = passwordProblem(input.password, [email, name]);
  if (problem) throw new UserInputError(problem);
  if (await authDb.user.findUnique({ where: { email }, select: { id: true } }))
    throw new UserInputError(`A user with the email ${email} exists already.`);
  return { email, name };
}

export async function anyUserExists(): Promise<boolean> {
  return (await authDb.user.count()) > 0;
}
