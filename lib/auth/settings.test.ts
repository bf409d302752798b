import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";

const oidc = {
  OIDC_ISSUER: "https://login.microsoftonline.com/0000/v2.0",
  OIDC_CLIENT_ID: "client",
  OIDC_CLIENT_SECRET: "secret",
  SITE_URL: "https://briefs.example.org",
};

describe("sign-in settings", () => {
  it("default to local accounts, 12-hour idle and 7-day sessions, a year of audit, no proxy trusted", () => {
    expect(readEnv({})).toMatchObject({
      LOCAL_LOGIN: true,
      PUBLIC_READ: false,
      SESSION_IDLE_HOURS: 12,
      SESSION_MAX_DAYS: 7,
      AUDIT_RETENTION_DAYS: 365,
      TRUST_PROXY_HOPS: 0,
      OIDC_DEFAULT_ROLE: "viewer",
      OIDC_ROLES_CLAIM: "roles",
    });
  });

  it("read the role map, and refuse a role it does not know", () => {
    expect(readEnv({ ...oidc, OIDC_ROLE_MAP: "admin=Briefs.Admin, analyst=Briefs.Analyst" }).OIDC_ROLE_MAP).toEqual([
      { role: "admin", value: "Briefs.Admin" },
      { role: "analyst", value: "Briefs.Analyst" },
    ]);
    expect(() => readEnv({ ...oidc, OIDC_ROLE_MAP: "owner=x" })).toThrow(/OIDC_ROLE_MAP/);
  });

  it("stop start-up on an incomplete or impossible sign-in setup, naming the variable", () => {
    expect(() => readEnv({ OIDC_ISSUER: oidc.OIDC_ISSUER, SITE_URL: oidc.SITE_URL })).toThrow(
      /OIDC_ISSUER: .*go together/,
    );
    expect(() => readEnv({ ...oidc, SITE_URL: "" })).toThrow(/SITE_URL: .*required with OIDC_ISSUER/);
    expect(() => readEnv({ LOCAL_LOGIN: "0" })).toThrow(/LOCAL_LOGIN: .*needs OIDC_ISSUER/);
    expect(() => readEnv({ ADMIN_EMAIL: "a@example.org" })).toThrow(/ADMIN_EMAIL: .*go together/);
    expect(() => readEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
    expect(readEnv({ ...oidc, LOCAL_LOGIN: "0" }).LOCAL_LOGIN).toBe(false);
  });
});
