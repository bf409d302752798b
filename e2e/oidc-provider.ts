import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWK } from "jose";
import Provider from "oidc-provider";

/**
 * How the provider's token endpoint behaves: honestly, or sending an ID token a client must refuse
 * (made for another client, by another issuer, or carrying the nonce of an earlier sign-in).
 */
export type TokenMischief = "none" | "wrong-audience" | "wrong-issuer" | "replayed-nonce";

/** Accounts of the test provider: the login typed on its form is the subject; groups carry the roles. */
const GROUPS: Record<string, string[]> = {
  "alice-admin": ["soc-admins", "everyone"],
  "bob-viewer": ["everyone"],
  "carol-analyst": ["soc-analysts"],
};

export type TestOidcProvider = {
  issuer: string;
  setMischief(mode: TokenMischief): void;
  stop(): Promise<void>;
};

/**
 * A real OpenID Connect provider (panva's oidc-provider) for the sign-in specs: discovery, PKCE,
 * signed ID tokens, its development login form (any password; the login becomes the subject).
 */
export async function startOidcProvider(options: {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid: "e2e-key", alg: "RS256", use: "sig" };
  let mischief: TokenMischief = "none";
  let earlierNonce: string | undefined;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [privateJwk] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    findAccount: (_context, sub) => ({
      accountId: sub,
      claims: () => ({
        sub,
        email: `${sub}@idp.example.org`,
        email_verified: true,
        name: sub,
        groups: GROUPS[sub] ?? [],
      }),
    }),
  });

  // After the token endpoint answers, re-sign its ID token with the provider's own key, changed as asked.
  provider.use(async (context, next) => {
    await next();
    if (context.path !== "/token" || context.status !== 200) return;
    const body = context.body as { id_token?: string };
    if (!body?.id_token) return;
    const claims = decodeJwt(body.id_token);
    if (mischief === "none") {
      earlierNonce = typeof claims.nonce === "string" ? claims.nonce : earlierNonce;
      return;
    }
    const changed = { ...claims };
    if (mischief === "wrong-audience") changed.aud = "another-client";
    if (mischief === "wrong-issuer") changed.iss = "http://127.0.0.1:1/not-the-issuer";
    if (mischief === "replayed-nonce") changed.nonce = earlierNonce;
    body.id_token = await new SignJWT(changed).setProtectedHeader({ alg: "RS256", kid: "e2e-key" }).sign(privateKey);
  });

  const handle = provider.callback();
  const server = http.createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  return {
    issuer,
    setMischief(mode) {
      mischief = mode;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
