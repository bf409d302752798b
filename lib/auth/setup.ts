import "server-only";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { audit } from "@/lib/auth/audit";
import { anyUserExists, checkNewLocalUser, createLocalUser, UserInputError } from "@/lib/auth/users";
import { authDb } from "@/lib/db";
import { readEnv } from "@/lib/env";

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** Where the setup link is written, beside the database, for an operator who missed the console. */
export function setupLinkFile(): string {
  return path.join(process.cwd(), "data", "setup-link.txt");
}

function publicOrigin(): string {
  const env = readEnv();
  return env.SITE_URL ? new URL(env.SITE_URL).origin : `http://localhost:${process.env.PORT ?? 3000}`;
}

/**
 * At start-up, on a database with no user: creates the first admin from ADMIN_EMAIL and
 * ADMIN_PASSWORD, or prints a one-time setup link (and writes it under data/). With LOCAL_LOGIN=0
 * there is neither: the first SSO user the role map makes admin is the first admin.
 */
export async function prepareFirstAdmin(): Promise<void> {
  const env = readEnv();
  if (await anyUserExists()) {
    fs.rmSync(setupLinkFile(), { force: true });
    return;
  }
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    try {
      const user = await createLocalUser({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, role: "admin" });
      await audit({
        action: "setup",
        outcome: "success",
        actorEmail: user.email,
        targetId: user.id,
        detail: { via: "ADMIN_EMAIL" },
      });
      console.log(`Created the first admin, ${user.email}, from ADMIN_EMAIL.`);
    } catch (error) {
      // Another instance starting at the same moment may have created it (a unique email refuses the second).
      if (await anyUserExists()) return;
      throw new Error(`ADMIN_PASSWORD: ${error instanceof Error ? error.message : String(error)}`);
    }
    return;
  }
  if (!env.LOCAL_LOGIN) {
    console.log("No user yet: the first single sign-on user whom OIDC_ROLE_MAP makes admin becomes the first admin.");
    return;
  }
  const token = randomBytes(32).toString("base64url");
  await authDb.setupToken.create({ data: { tokenHash: hashOf(token) } });
  const link = `${publicOrigin()}/setup?token=${token}`;
  fs.mkdirSync(path.dirname(setupLinkFile()), { recursive: true });
  fs.writeFileSync(setupLinkFile(), `${link}\n`, { mode: 0o600 });
  console.log(
    `No user yet. Create the first admin at:\n  ${link}\n(one-time link, also in data/setup-link.txt; or run npm run users:create -- --email you@example.org --role admin)`,
  );
}

/** Whether a setup link still works: it is known and no user exists yet. */
export async function setupTokenIsValid(token: string): Promise<boolean> {
  if (!token || (await anyUserExists())) return false;
  return (await authDb.setupToken.count({ where: { tokenHash: hashOf(token) } })) > 0;
}

/**
 * Creates the first admin through a setup link. Every link is spent at once, by one delete whose
 * count says who won: of two people using links together, one gets the account.
 */
export async function completeSetup(
  token: string,
  input: { email: string; name?: string; password: string },
  request: { address: string; userAgent: string | null },
): Promise<{ id: string; email: string }> {
  if (!(await setupTokenIsValid(token))) throw new UserInputError("This setup link has been used or is not valid.");
  // Refused inputs must not spend the link.
  await checkNewLocalUser(input);
  const claimed = await authDb.$transaction(async (tx) => {
    const known = await tx.setupToken.findUnique({ where: { tokenHash: hashOf(token) } });
    if (!known || (await tx.user.count()) > 0) return false;
    const { count } = await tx.setupToken.deleteMany({});
    return count > 0;
  });
  if (!claimed) throw new UserInputError("This setup link has been used or is not valid.");
  const user = await createLocalUser({ ...input, role: "admin" });
  fs.rmSync(setupLinkFile(), { force: true });
  await audit({
    action: "setup",
    outcome: "success",
    actorId: user.id,
    actorEmail: user.email,
    targetId: user.id,
    address: request.address,
    userAgent: request.userAgent,
    detail: { via: "setup link" },
  });
  return user;
}
