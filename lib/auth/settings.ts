import { readEnv } from "@/lib/env";

/** The sign-in settings every request consults: the shared-page cache checks them thousands of times a second. */
export type AuthSettings = { publicRead: boolean; secureCookies: boolean; idleMs: number; maxAgeMs: number };

const VARIABLES = ["SITE_URL", "PUBLIC_READ", "SESSION_IDLE_HOURS", "SESSION_MAX_DAYS"] as const;
let cached: { key: string; settings: AuthSettings } | null = null;

/**
 * Parsing the whole environment costs about 70 µs, several times a cached page's own cost, so the
 * result is kept while the variables it reads stay as they are (tests change them).
 */
export function authSettings(): AuthSettings {
  const key = VARIABLES.map((name) => process.env[name] ?? "\u0000").join("\u0001");
  if (cached?.key === key) return cached.settings;
  const env = readEnv();
  const settings = {
    publicRead: env.PUBLIC_READ,
    secureCookies: env.SITE_URL?.startsWith("https:") ?? false,
    idleMs: env.SESSION_IDLE_HOURS * 3_600_000,
    maxAgeMs: env.SESSION_MAX_DAYS * 86_400_000,
  };
  cached = { key, settings };
  return settings;
}
