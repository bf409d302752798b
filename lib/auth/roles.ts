// Plain module: lib/env.ts (read by the Prisma config and the command line) takes the role names from here.

/** Each role can do what the one before it can, and more. */
export const ROLES = ["viewer", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", analyst: "Analyst", admin: "Admin" };
