import "server-only";
import { audit } from "@/lib/auth/audit";
import { passwordProblem } from "@/lib/auth/password-policy";
import type { Role } from "@/lib/auth/roles";
import { auth } from "@/lib/auth/server";
import { UserInputError } from "@/lib/auth/users";
import { authDb } from "@/lib/db";

export type Actor = { id: string; email: string; address: string; userAgent: string | null };

const entry = (actor: Actor) => ({
  actorId: actor.id,
  actorEmail: actor.email,
  address: actor.address,
  userAgent: actor.userAgent,
});

/** Changes a user's role; their sessions end at once, so the new role applies from their next sign-in. */
export async function changeRole(userId: string, role: Role, actor: Actor): Promise<void> {
  const user = await authDb.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserInputError("No such user.");
  if (user.role === role) return;
  if (
    user.role === "admin" &&
    role !== "admin" &&
    (await authDb.user.count({ where: { role: "admin", disabledAt: null } })) <= 1
  )
    throw new UserInputError("The last admin keeps the admin role.");
  await authDb.$transaction([
    authDb.user.update({ where: { id: userId }, data: { role } }),
    authDb.session.deleteMany({ where: { userId } }),
  ]);
  await audit({
    action: "role.changed",
    outcome: "success",
    ...entry(actor),
    targetId: userId,
    detail: { email: user.email, from: user.role, to: role },
  });
}

/** Disables a user (their sessions and tokens stop at once) or enables them again. */
export async function setDisabled(userId: string, disabled: boolean, actor: Actor): Promise<void> {
  const user = await authDb.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserInputError("No such user.");
  if (disabled && userId === actor.id) throw new UserInputError("You cannot disable yourself.");
  await authDb.$transaction([
    authDb.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } }),
    ...(disabled ? [authDb.session.deleteMany({ where: { userId } })] : []),
  ]);
  await audit({
    action: disabled ? "user.disabled" : "user.enabled",
    outcome: "success",
    ...entry(actor),
    targetId: userId,
    detail: { email: user.email },
  });
}

/** An admin sets a new password for a local user; every session of theirs ends. */
export async function resetPassword(userId: string, password: string, actor: Actor): Promise<void> {
  const user = await authDb.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserInputError("No such user.");
  const problem = passwordProblem(password, [user.email, user.name]);
  if (problem) throw new UserInputError(problem);
  const account = await authDb.account.findFirst({ where: { userId, providerId: "credential" } });
  if (!account) throw new UserInputError("This user signs in through single sign-on and has no password.");
  const hash = await (await auth().$context).password.hash(password);
  await authDb.$transaction([
    authDb.account.update({ where: { id: account.id }, data: { password: hash } }),
    authDb.session.deleteMany({ where: { userId } }),
  ]);
  await audit({
    action: "password.reset",
    outcome: "success",
    ...entry(actor),
    targetId: userId,
    detail: { email: user.email },
  });
}

/** A user changes their own password (the current one is checked by better-auth); their other sessions end. */
export async function changeOwnPassword(
  requestHeaders: Headers,
  input: { current: string; next: string },
  actor: Actor,
): Promise<string[]> {
  const problem = passwordProblem(input.next, [actor.email]);
  if (problem) throw new UserInputError(problem);
  let cookies: string[];
  try {
    // Every session ends and better-auth opens a new one for this browser: its cookie goes back to the caller.
    const result = await auth().api.changePassword({
      body: { currentPassword: input.current, newPassword: input.next, revokeOtherSessions: true },
      headers: requestHeaders,
      returnHeaders: true,
    });
    cookies = result.headers.getSetCookie();
  } catch (error) {
    await audit({ action: "password.changed", outcome: "failure", ...entry(actor), targetId: actor.id });
    throw new UserInputError(
      error instanceof Error && /password/i.test(error.message)
        ? "The current password is wrong."
        : "The password could not be changed.",
    );
  }
  await audit({ action: "password.changed", outcome: "success", ...entry(actor), targetId: actor.id });
  return cookies;
}

/** Ends sessions of a user: one, or all but the one in use. */
export async function endSessions(
  userId: string,
  which: { sessionId: string } | { allBut: string },
  actor: Actor,
): Promise<number> {
  const { count } = await authDb.session.deleteMany({
    where: "sessionId" in which ? { userId, id: which.sessionId } : { userId, id: { not: which.allBut } },
  });
  await audit({
    action: "session.ended",
    outcome: "success",
    ...entry(actor),
    targetId: userId,
    detail: { sessions: count },
  });
  return count;
}
