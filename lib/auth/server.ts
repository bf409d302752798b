import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { decodeJwt } from "jose";
import { audit } from "@/lib/auth/audit";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "@/lib/auth/client-address";
import { COOKIE_PREFIX, secureCookies } from "@/lib/auth/cookies";
import { markAccountExists } from "@/lib/auth/first-account";
import { roleFromClaims } from "@/lib/auth/oidc-roles";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { authSecret } from "@/lib/auth/secret";
import { recordSignInFailure, signInThrottle } from "@/lib/auth/throttle";
import { authDb, provider } from "@/lib/db";
import { readEnv } from "@/lib/env";

/** The provider id of single sign-on: its callback is /api/auth/oauth2/callback/oidc. */
export const OIDC_PROVIDER_ID = "oidc";

/** The issuer without a trailing slash, as the ID token's `iss` says it. */
export function oidcIssuer(): string | undefined {
  return readEnv().OIDC_ISSUER?.replace(/\/+$/, "");
}

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

function requestFacts(ctx: HookContext) {
  const headers = ctx.headers ?? new Headers();
  return { address: clientAddress(headers), userAgent: headers.get("user-agent") };
}

function emailOfBody(ctx: HookContext): string {
  const body = ctx.body as { email?: unknown } | undefined;
  return typeof body?.email === "string" ? body.email.trim().toLowerCase().slice(0, 320) : "";
}

/** Sets an SSO user's role from the ID token the provider just gave, and ends their other sessions if it changed. */
async function applyRoleFromIdToken(userId: string, idToken: string): Promise<void> {
  const env = readEnv();
  const claims = decodeJwt(idToken) as Record<string, unknown>;
  const role = roleFromClaims(claims, env.OIDC_ROLES_CLAIM, env.OIDC_ROLE_MAP, env.OIDC_DEFAULT_ROLE);
  const user = await authDb.user.findUnique({ where: { id: userId }, select: { role: true, email: true } });
  if (!user || user.role === role) return;
  await authDb.$transaction([
    authDb.user.update({ where: { id: userId }, data: { role } }),
    authDb.session.deleteMany({ where: { userId } }),
  ]);
  await audit({
    action: "role.changed",
    outcome: "success",
    actorEmail: "identity provider",
    targetId: userId,
    detail: { email: user.email, from: user.role, to: role, claim: env.OIDC_ROLES_CLAIM },
  });
}

function createAuth() {
  const env = readEnv();
  const issuer = oidcIssuer();
  const plugins = [];
  if (issuer && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    plugins.push(
      genericOAuth({
        config: [
          {
            providerId: OIDC_PROVIDER_ID,
            name: env.OIDC_NAME,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            discoveryUrl: `${issuer}/.well-known/openid-configuration`,
            scopes: ["openid", "email", "profile"],
            pkce: true,
            requireIdTokenVerification: true,
            // Identity is issuer + subject. The email never links an SSO identity to an existing account.
            accountSubject: ({ tokens }) => {
              const claims = tokens.idToken ? decodeJwt(tokens.idToken) : {};
              if (claims.iss !== issuer || typeof claims.sub !== "string")
                throw new Error("ID token from another issuer");
              return `${claims.iss} ${claims.sub}`;
            },
          },
        ],
      }),
    );
  }
  plugins.push(nextCookies());

  return betterAuth({
    appName: "Threat Briefs",
    baseURL: env.SITE_URL,
    // Without SITE_URL the dashboard answers on whatever host it is reached by; the origin check of
    // lib/auth/origin-check.ts has compared Origin with that host already.
    trustedOrigins: env.SITE_URL
      ? [new URL(env.SITE_URL).origin]
      : (request) => {
          const host = request?.headers.get("host");
          return host ? [`http://${host}`, `https://${host}`] : [];
        },
    secret: authSecret(),
    database: prismaAdapter(authDb, { provider }),
    telemetry: { enabled: false },
    // The dashboard's own throttle (lib/auth/throttle.ts) keeps its count in the database, across instances.
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: env.LOCAL_LOGIN,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      revokeSessionsOnPasswordReset: true,
    },
    account: { accountLinking: { enabled: false } },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "viewer", required: false },
        disabledAt: { type: "date", input: false, required: false },
        lastSignInAt: { type: "date", input: false, required: false },
      },
    },
    session: {
      // The absolute lifetime; the idle limit is checked on every request (lib/auth/session.ts).
      expiresIn: Math.round(env.SESSION_MAX_DAYS * 86_400),
      disableSessionRefresh: true,
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secureCookies(),
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    onAPIError: { errorURL: "/sign-in" },
    databaseHooks: {
      user: {
        create: {
          after: async () => {
            markAccountExists();
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const user = await authDb.user.findUnique({
              where: { id: session.userId },
              select: { disabledAt: true, kind: true },
            });
            if (!user || user.disabledAt) throw new APIError("FORBIDDEN", { message: "This account is disabled." });
            // A service account acts through its tokens only: no session, whatever way one is asked for.
            if (user.kind === "service")
              throw new APIError("FORBIDDEN", { message: "A service account does not sign in." });
          },
          after: async (session) => {
            await authDb.user.update({ where: { id: session.userId }, data: { lastSignInAt: new Date() } });
          },
        },
      },
      account: {
        create: {
          after: async (account) => {
            if (account.providerId === OIDC_PROVIDER_ID && account.idToken)
              await applyRoleFromIdToken(account.userId, account.idToken);
          },
        },
        update: {
          after: async (account) => {
            if (account.providerId === OIDC_PROVIDER_ID && account.idToken)
              await applyRoleFromIdToken(account.userId, account.idToken);
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = emailOfBody(ctx);
        const { address, userAgent } = requestFacts(ctx);
        const state = await signInThrottle(email, address);
        if (!state.blocked) return;
        await audit({
          action: "sign-in",
          outcome: "denied",
          actorEmail: email,
          address,
          userAgent,
          detail: { method: "password", reason: "throttled", key: state.key },
        });
        throw new APIError(
          "TOO_MANY_REQUESTS",
          { message: `Too many failed sign-ins: try again in ${Math.ceil(state.retryAfterSeconds / 60)} min.` },
          { "Retry-After": String(state.retryAfterSeconds) },
        );
      }),
      after: createAuthMiddleware(async (ctx) => {
        const { address, userAgent } = requestFacts(ctx);
        if (ctx.path === "/sign-in/email") {
          const email = emailOfBody(ctx);
          const session = ctx.context.newSession;
          if (session) {
            await audit({
              action: "sign-in",
              outcome: "success",
              actorId: session.user.id,
              actorEmail: session.user.email,
              address,
              userAgent,
              detail: { method: "password" },
            });
          } else {
            const returned = ctx.context.returned;
            const status = returned instanceof APIError ? returned.statusCode : undefined;
            if (status === 401) await recordSignInFailure(email, address);
            await audit({
              action: "sign-in",
              outcome: "failure",
              actorEmail: email,
              address,
              userAgent,
              detail: {
                method: "password",
                status,
                reason: returned instanceof APIError ? returned.message : undefined,
              },
            });
          }
        }
        if (ctx.path === "/callback/:id") {
          const session = ctx.context.newSession;
          const location =
            ctx.context.returned instanceof APIError ? new Headers(ctx.context.returned.headers).get("location") : null;
          const error = location ? new URL(location, "http://localhost").searchParams.get("error") : null;
          await audit({
            action: "sign-in",
            outcome: session && !error ? "success" : "failure",
            actorId: session?.user.id,
            actorEmail: session?.user.email,
            address,
            userAgent,
            detail: { method: "oidc", ...(error ? { error } : {}) },
          });
        }
      }),
    },
    plugins,
  });
}

export type Auth = ReturnType<typeof createAuth>;

// One per process: Next loads this module in several bundles, and each would otherwise fetch discovery.
const globalForAuth = globalThis as unknown as { briefsAuth?: Auth };

export function auth(): Auth {
  return (globalForAuth.briefsAuth ??= createAuth());
}
