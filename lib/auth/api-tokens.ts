import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { audit } from "@/lib/auth/audit";
import { isRole, roleAtLeast, type Role } from "@/lib/auth/roles";
import { authDb } from "@/lib/db";

/** What a personal token may do: read pages and feeds, triage briefs, or trigger an ingest. */
export const TOKEN_SCOPES = ["read", "triage", "ingest"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** A feed reader's token: only /rss.xml and /feed.json, given in their URL. */
export const FEED_SCOPE = "feed";

/** The least role whose holder may have a token with the scope: a token never does more than its owner. */
export const SCOPE_ROLES: Record<TokenScope, Role> = { read: "viewer", triage: "analyst", ingest: "analyst" };

const PERSONAL_PREFIX = "tbp_";
const FEED_PREFIX = "tbf_";
/** Writing "last used" on every call would cost a write per request; to the minute is enough. */
const LAST_USE_PRECISION_MS = 60_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function parseScopes(text: string): TokenScope[] {
  const scopes = text
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
  const unknown = scopes.filter((scope) => !(TOKEN_SCOPES as readonly string[]).includes(scope));
  if (unknown.length || scopes.length === 0)
    throw new Error(`Scopes are a comma-separated list of ${TOKEN_SCOPES.join(", ")}; got "${text}"`);
  return [...new Set(scopes)] as TokenScope[];
}

export type CreatedToken = { id: string; token: string; expiresAt: Date | null };

/** Makes a token for a user; the token itself is returned once and only its hash is kept. */
export async function createApiToken(input: {
  userId: string;
  name: string;
  scopes: TokenScope[] | "feed";
  days: number | null;
  actor: { id: string; email: string };
}): Promise<CreatedToken> {
  const user = await authDb.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: { role: true, email: true },
  });
  const role = isRole(user.role) ? user.role : "viewer";
  if (input.scopes !== FEED_SCOPE) {
    const beyond = input.scopes.filter((scope) => !roleAtLeast(role, SCOPE_ROLES[scope]));
    if (beyond.length) throw new Error(`A ${role} cannot have a token with scope ${beyond.join(", ")}.`);
  }
  const feed = input.scopes === FEED_SCOPE;
  const token = `${feed ? FEED_PREFIX : PERSONAL_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = input.days ? new Date(Date.now() + input.days * 86_400_000) : null;
  const scopes = feed ? FEED_SCOPE : (input.scopes as TokenScope[]).join(",");
  const row = await authDb.apiToken.create({
    data: {
      userId: input.userId,
      name: input.name.slice(0, 100) || "token",
      tokenHash: hashOf(token),
      scopes,
      expiresAt,
    },
  });
  await audit({
    action: "token.created",
    outcome: "success",
    actorId: input.actor.id,
    actorEmail: input.actor.email,
    targetId: row.id,
    detail: { owner: user.email, scopes, expiresAt: expiresAt?.toISOString() ?? null },
  });
  return { id: row.id, token, expiresAt };
}

export async function revokeApiToken(
  tokenId: string,
  actor: { id: string; email: string; role: Role },
): Promise<boolean> {
  const token = await authDb.apiToken.findUnique({ where: { id: tokenId } });
  if (!token || (token.userId !== actor.id && actor.role !== "admin")) return false;
  await authDb.apiToken.update({ where: { id: tokenId }, data: { revokedAt: token.revokedAt ?? new Date() } });
  await audit({
    action: "token.revoked",
    outcome: "success",
    actorId: actor.id,
    actorEmail: actor.email,
    targetId: tokenId,
  });
  return true;
}

export type TokenHolder = {
  tokenId: string;
  userId: string;
  email: string;
  role: Role;
  scopes: string[];
  feedOnly: boolean;
};

export type TokenCheck = { holder: TokenHolder } | { refused: "unknown" | "revoked" | "expired" | "disabled" };

/** The holder of a presented token, or why it is refused (a revoked or expired token's use is audited). */
export async function checkApiToken(
  token: string,
  request: { address: string; path: string },
  now = new Date(),
): Promise<TokenCheck> {
  const row = await authDb.apiToken.findUnique({
    where: { tokenHash: hashOf(token) },
    include: { user: { select: { email: true, role: true, disabledAt: true } } },
  });
  if (!row) return { refused: "unknown" };
  const refused = row.revokedAt
    ? "revoked"
    : row.expiresAt && row.expiresAt <= now
      ? "expired"
      : row.user.disabledAt
        ? "disabled"
        : null;
  if (refused) {
    await audit({
      action: "token.refused",
      outcome: "denied",
      actorId: row.userId,
      actorEmail: row.user.email,
      targetId: row.id,
      address: request.address,
      detail: { reason: refused, path: request.path },
    });
    return { refused };
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USE_PRECISION_MS)
    await authDb.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return {
    holder: {
      tokenId: row.id,
      userId: row.userId,
      email: row.user.email,
      role: isRole(row.user.role) ? row.user.role : "viewer",
      scopes: row.scopes.split(","),
      feedOnly: row.scopes === FEED_SCOPE,
    },
  };
}

export async function listApiTokens(userId: string) {
  return authDb.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, scopes: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
}
