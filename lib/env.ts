import path from "node:path";
import { z } from "zod";
// Relative: prisma.config.ts loads these modules without the @/ alias.
import { ROLES } from "./auth/roles";
import { parseRuleSources } from "./rule-libraries/rule-sources";
import { errorMessage } from "./log/error-message";

// Plain module (no server-only): the Prisma config and the command-line scripts read it too.

const DEFAULT_DATABASE_URL = "file:./data/briefs.db";
const DEFAULT_FEED_URL = "https://feed.craftedsignal.io/tags/entra_id/feed.xml";
const DEFAULT_MAX_FEED_BYTES = 15 * 1024 * 1024;
const DEFAULT_MAX_ARCHIVE_BYTES = 200 * 1024 * 1024;

const flag = z
  .string()
  .optional()
  .transform((value) => value === "1" || value?.toLowerCase() === "true");

/** A switch that is on unless set to 0 or false. */
const onUnlessOff = z
  .string()
  .optional()
  .transform((value) => !(value === "0" || value?.toLowerCase() === "false"));

const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || DEFAULT_DATABASE_URL)
      .refine(
        (value) => providerOfUrl(value) !== null,
        "must be a SQLite file: URL (file:./data/briefs.db) or a PostgreSQL URL (postgresql://user:password@host:5432/briefs)",
      ),
    // PostgreSQL only: connections each server process keeps open, and how long one statement may run.
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
    FEED_URLS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? DEFAULT_FEED_URL)
          .split(",")
          .map((url) => url.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/, error: "each FEED_URLS entry must be an http(s) URL" }))),
    INGEST_TOKEN: z
      .string()
      .optional()
      .transform((value) => value?.trim() || undefined),
    INGEST_INTERVAL_MINUTES: z.coerce
      .number()
      .min(0)
      .max(7 * 24 * 60)
      .default(30),
    FEED_ALLOW_PRIVATE: flag,
    FEED_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_FEED_BYTES),
    FEED_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
    RULE_SOURCES: z
      .string()
      .optional()
      .transform((value, context) => {
        try {
          return parseRuleSources(value);
        } catch (error) {
          context.addIssue({ code: "custom", message: errorMessage(error) });
          return z.NEVER;
        }
      }),
    RULES_SYNC_INTERVAL_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 365)
      .default(24),
    RULES_MAX_ARCHIVE_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_ARCHIVE_BYTES),
    // A repository archive is tens of MiB: far more than a feed, so it gets a longer total limit.
    RULES_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 60_000),
    // The path of the JSON file naming notification targets; read and checked by lib/notify/config.ts.
    NOTIFY_CONFIG: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined),
    SITE_URL: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined)
      .pipe(
        z
          .url({ protocol: /^https?$/, error: "SITE_URL must be an http(s) URL such as https://briefs.example.org" })
          .optional(),
      ),
    // Sign-in (lib/auth/). The secret signs session cookies; unset, one is generated under data/.
    AUTH_SECRET: optionalText.pipe(z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
    LOCAL_LOGIN: onUnlessOff,
    PUBLIC_READ: flag,
    ADMIN_EMAIL: optionalText.pipe(z.email("ADMIN_EMAIL must be an email address").optional()),
    ADMIN_PASSWORD: optionalText,
    OIDC_ISSUER: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: "OIDC_ISSUER must be an http(s) URL" }).optional(),
    ),
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: optionalText,
    OIDC_NAME: optionalText.transform((value) => value ?? "single sign-on"),
    OIDC_ROLES_CLAIM: optionalText.transform((value) => value ?? "roles"),
    OIDC_ROLE_MAP: optionalText.transform((value, context) => {
      const map: { role: (typeof ROLES)[number]; value: string }[] = [];
      for (const entry of (value ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const [role, ...rest] = entry.split("=");
        const claimValue = rest.join("=").trim();
        if (!ROLES.includes(role.trim() as (typeof ROLES)[number]) || !claimValue) {
          context.addIssue({
            code: "custom",
            message: `each entry must be ROLE=VALUE with ROLE viewer, analyst or admin, got "${entry}"`,
          });
          return z.NEVER;
        }
        map.push({ role: role.trim() as (typeof ROLES)[number], value: claimValue });
      }
      return map;
    }),
    OIDC_DEFAULT_ROLE: z.enum(ROLES).default("viewer"),
    SESSION_IDLE_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(7),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  })
  .superRefine((env, context) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean))
      context.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together",
      });
    if (env.OIDC_ISSUER && !env.SITE_URL)
      context.addIssue({
        code: "custom",
        path: ["SITE_URL"],
        message: "SITE_URL is required with OIDC_ISSUER: the identity provider must know the redirect URI",
      });
    if (!env.LOCAL_LOGIN && !env.OIDC_ISSUER)
      context.addIssue({
        code: "custom",
        path: ["LOCAL_LOGIN"],
        message: "LOCAL_LOGIN=0 needs OIDC_ISSUER: nobody could sign in",
      });
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD))
      context.addIssue({
        code: "custom",
        path: ["ADMIN_EMAIL"],
        message: "ADMIN_EMAIL and ADMIN_PASSWORD go together",
      });
  });

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once per call site; a bad value stops start-up with the variable named. */
export function readEnv(source: Partial<Record<string, string>> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  }
  return parsed.data;
}

export function databaseUrl(source: NodeJS.ProcessEnv = process.env): string {
  return readEnv(source).DATABASE_URL;
}

export type DatabaseProvider = "sqlite" | "postgresql";

function providerOfUrl(url: string): DatabaseProvider | null {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\/[^/]/.test(url)) return "postgresql";
  return null;
}

/** Which database DATABASE_URL names: a SQLite file (the default) or a PostgreSQL server. */
export function databaseProvider(source: NodeJS.ProcessEnv = process.env): DatabaseProvider {
  return providerOfUrl(databaseUrl(source))!;
}

/** The URL with its password replaced, for messages and logs. */
export function redactedDatabaseUrl(url: string = databaseUrl()): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@/]*@/, "$1:***@");
}

/** The SQLite file behind DATABASE_URL, resolved against the working directory as Prisma does. */
export function databaseFilePath(source: NodeJS.ProcessEnv = process.env): string {
  const url = databaseUrl(source);
  if (providerOfUrl(url) !== "sqlite") throw new Error("DATABASE_URL names a PostgreSQL server, not a SQLite file");
  const location = url.slice("file:".length);
  // Resolved at run time on purpose: the database lives outside the build output.
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), location);
}
