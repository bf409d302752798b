import { ROLES, type Role } from "@/lib/auth/roles";

export type RoleMapping = { role: Role; value: string }[];

/** The claim at a dotted path (`realm_access.roles`), as a list of strings. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === "string") return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/** The highest role whose mapped value the claim holds, else the default role. */
export function roleFromClaims(
  claims: Record<string, unknown>,
  claimPath: string,
  mapping: RoleMapping,
  defaultRole: Role,
): Role {
  const held = new Set(claimValues(claims, claimPath));
  for (const role of [...ROLES].reverse()) {
    if (mapping.some((entry) => entry.role === role && held.has(entry.value))) return role;
  }
  return defaultRole;
}
