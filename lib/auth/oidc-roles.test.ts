import { describe, expect, it } from "vitest";
import { claimValues, roleFromClaims } from "@/lib/auth/oidc-roles";

const mapping = [
  { role: "admin" as const, value: "soc-admins" },
  { role: "analyst" as const, value: "soc-analysts" },
];

describe("roleFromClaims", () => {
  it("reads a dotted claim path such as Keycloak's realm_access.roles", () => {
    expect(claimValues({ realm_access: { roles: ["a", "b"] } }, "realm_access.roles")).toEqual(["a", "b"]);
    expect(claimValues({ scp: "a b" }, "scp")).toEqual(["a", "b"]);
    expect(claimValues({ roles: 3 }, "roles")).toEqual([]);
  });

  it("gives the highest mapped role the claim holds", () => {
    expect(roleFromClaims({ groups: ["soc-analysts", "soc-admins"] }, "groups", mapping, "viewer")).toBe("admin");
    expect(roleFromClaims({ groups: ["soc-analysts"] }, "groups", mapping, "viewer")).toBe("analyst");
  });

  it("gives the default role to everyone else", () => {
    expect(roleFromClaims({ groups: ["finance"] }, "groups", mapping, "viewer")).toBe("viewer");
    expect(roleFromClaims({}, "groups", mapping, "analyst")).toBe("analyst");
  });
});
