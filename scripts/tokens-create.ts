// npm run tokens:create -- --email you@example.org --scopes read,triage --days 30 [--name NAME]
// npm run tokens:create -- --email you@example.org --feed --days 365
// Makes a personal API token (or a feed-only token) for a user and prints it, once.
import { parseArgs } from "node:util";
import { writeAuditLinesToStderr } from "@/lib/auth/audit";
import { createApiToken, FEED_SCOPE, parseScopes, TOKEN_SCOPES, type TokenScope } from "@/lib/auth/api-tokens";
import { authDb } from "@/lib/db";
import { applyPendingMigrationsOrReport } from "@/lib/db-migrations";
import { optionsOrUsage } from "./options-or-usage";

const USAGE = `Usage: npm run tokens:create -- --email ADDRESS (--scopes ${TOKEN_SCOPES.join(",")} | --feed) [--days N | --days never] [--name NAME]`;

function readOptions(): { email: string; scopes: TokenScope[] | "feed"; days: number | null; name: string } {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      scopes: { type: "string" },
      feed: { type: "boolean" },
      days: { type: "string" },
      name: { type: "string" },
    },
  });
  if (!values.email) throw new Error("--email is required");
  if (Boolean(values.feed) === Boolean(values.scopes)) throw new Error("Give --scopes or --feed");
  const days = values.days === "never" ? null : Number(values.days ?? 30);
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3660))
    throw new Error("--days must be a whole number of days, or never");
  return {
    email: values.email.trim().toLowerCase(),
    scopes: values.feed ? FEED_SCOPE : parseScopes(values.scopes!),
    days,
    name: values.name ?? (values.feed ? "feed reader" : "command line"),
  };
}

async function main(): Promise<number> {
  writeAuditLinesToStderr();
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  const migrationExitCode = await applyPendingMigrationsOrReport();
  if (migrationExitCode !== 0) return migrationExitCode;
  const user = await authDb.user.findUnique({ where: { email: options.email } });
  if (!user) {
    console.error(`No user with the email ${options.email}.`);
    return 1;
  }
  try {
    const created = await createApiToken({
      userId: user.id,
      name: options.name,
      scopes: options.scopes,
      days: options.days,
      actor: { id: user.id, email: "command line" },
    });
    console.log(created.token);
    console.error(
      `Token for ${user.email}${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ", never expires"}. It is not shown again.`,
    );
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`tokens:create stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
