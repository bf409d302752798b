// npm run users:create -- --email you@example.org --role admin [--name "Ada Lovelace"]
// npm run users:create -- --service --name "SOAR"   (a service account: no password; issue it tokens with tokens:create)
// Creates a local user; the password is read from standard input (never from the command line,
// which other users of the machine can see): `printf '%s' "$PASSWORD" | npm run users:create -- …`.
import { parseArgs } from "node:util";
import { audit, writeAuditLinesToStderr } from "@/lib/auth/audit";
import { isRole, ROLES, type Role } from "@/lib/auth/roles";
import { createServiceAccount } from "@/lib/auth/service-accounts";
import { createLocalUser, UserInputError } from "@/lib/auth/users";
import { applyPendingMigrationsOrReport } from "@/lib/db-migrations";
import { optionsOrUsage } from "./options-or-usage";

const USAGE = `Usage: npm run users:create -- --email ADDRESS --role ${ROLES.join("|")} [--name NAME]   (password on standard input)
       npm run users:create -- --service --name NAME   (a service account for a SOAR: no password, role analyst)`;

type Options = { service: false; email: string; role: Role; name?: string } | { service: true; name: string };

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      service: { type: "boolean" },
    },
  });
  if (values.service) {
    if (!values.name?.trim()) throw new Error("--name is required for a service account");
    if (values.email || values.role) throw new Error("A service account takes only --name (its role is analyst)");
    return { service: true, name: values.name };
  }
  if (!values.email) throw new Error("--email is required");
  if (!isRole(values.role)) throw new Error(`--role must be one of ${ROLES.join(", ")}`);
  return { service: false, email: values.email, role: values.role, name: values.name };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(): Promise<number> {
  writeAuditLinesToStderr();
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  if (options.service) return createService(options.name);
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter and Ctrl-D): ");
  const password = await readStdin();
  const migrationExitCode = await applyPendingMigrationsOrReport();
  if (migrationExitCode !== 0) return migrationExitCode;
  try {
    const user = await createLocalUser({ ...options, password });
    await audit({
      action: "user.created",
      outcome: "success",
      actorEmail: "command line",
      targetId: user.id,
      detail: { email: user.email, role: options.role },
    });
    console.log(`Created ${user.email} (${options.role}).`);
    return 0;
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    console.error(error.message);
    return 1;
  }
}

/** A service account has no password: nothing is read from standard input. */
async function createService(name: string): Promise<number> {
  const migrationExitCode = await applyPendingMigrationsOrReport();
  if (migrationExitCode !== 0) return migrationExitCode;
  try {
    const user = await createServiceAccount({ name });
    await audit({
      action: "user.created",
      outcome: "success",
      actorEmail: "command line",
      targetId: user.id,
      detail: { email: user.email, role: "analyst", kind: "service" },
    });
    console.log(
      `Created service account ${user.name} (${user.email}). Issue it a token: npm run tokens:create -- --email ${user.email} --scopes read,triage`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    console.error(error.message);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`users:create stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
