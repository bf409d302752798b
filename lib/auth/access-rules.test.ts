import { describe, expect, it } from "vitest";
import { accessVerdict, SURFACES, type Principal, type Surface } from "@/lib/auth/access-rules";

const surfaces = Object.keys(SURFACES) as Surface[];
const user = (role: "viewer" | "analyst" | "admin"): Principal => ({ kind: "user", userId: "u", role });

describe("accessVerdict", () => {
  it("before the first account, opens every public surface and nothing personal", () => {
    expect(surfaces.filter((surface) => accessVerdict({ kind: "setup" }, surface, false) === "allow")).toEqual([
      "briefs",
      "detections",
      "feeds",
      "overview",
      "coverage",
      "status",
    ]);
  });

  it("sends a signed-out visitor to sign in, except for briefs, rules and feeds with PUBLIC_READ", () => {
    expect(surfaces.every((surface) => accessVerdict({ kind: "anonymous" }, surface, false) === "sign-in")).toBe(true);
    expect(surfaces.filter((surface) => accessVerdict({ kind: "anonymous" }, surface, true) === "allow")).toEqual([
      "briefs",
      "detections",
      "feeds",
    ]);
  });

  it("gives each role what its rank allows", () => {
    expect(accessVerdict(user("viewer"), "coverage", false)).toBe("allow");
    expect(accessVerdict(user("viewer"), "status", false)).toBe("forbidden");
    expect(accessVerdict(user("analyst"), "status", false)).toBe("allow");
    expect(accessVerdict(user("analyst"), "admin", false)).toBe("forbidden");
    expect(accessVerdict(user("admin"), "admin", false)).toBe("allow");
    expect(accessVerdict(user("viewer"), "triageRead", false)).toBe("allow");
    expect(accessVerdict(user("viewer"), "triage", false)).toBe("forbidden");
    expect(accessVerdict(user("analyst"), "triage", false)).toBe("allow");
  });

  it("keeps the team's decisions from signed-out visitors even with PUBLIC_READ, and writes them only with the triage scope", () => {
    expect(accessVerdict({ kind: "anonymous" }, "triageRead", true)).toBe("sign-in");
    const token = (scopes: string[], role: "viewer" | "analyst" = "analyst"): Principal => ({
      kind: "token",
      userId: "u",
      role,
      scopes,
      feedOnly: false,
    });
    expect(accessVerdict(token(["read"]), "triageRead", false)).toBe("allow");
    expect(accessVerdict(token(["read"]), "triage", false)).toBe("forbidden");
    expect(accessVerdict(token(["triage"]), "triage", false)).toBe("allow");
    expect(accessVerdict(token(["triage"], "viewer"), "triage", false)).toBe("forbidden");
  });

  it("lets tokens read only with the read scope, never the account or admin pages, and feed tokens only feeds", () => {
    const token = (scopes: string[], feedOnly = false): Principal => ({
      kind: "token",
      userId: "u",
      role: "admin",
      scopes,
      feedOnly,
    });
    expect(accessVerdict(token(["read"]), "briefs", false)).toBe("allow");
    expect(accessVerdict(token(["read"]), "admin", false)).toBe("forbidden");
    expect(accessVerdict(token(["ingest"]), "briefs", false)).toBe("forbidden");
    expect(accessVerdict(token(["feed"], true), "feeds", false)).toBe("allow");
    expect(accessVerdict(token(["feed"], true), "briefs", false)).toBe("forbidden");
  });

  it("opens rule deployments to analysts, and to tokens only with the triage scope", () => {
    const token = (scopes: string[], role: "viewer" | "analyst" = "analyst"): Principal => ({
      kind: "token",
      userId: "u",
      role,
      scopes,
      feedOnly: false,
    });
    expect(accessVerdict(user("viewer"), "deployments", true)).toBe("forbidden");
    expect(accessVerdict(user("analyst"), "deployments", false)).toBe("allow");
    expect(accessVerdict(token(["triage"]), "deployments", false)).toBe("allow");
    expect(accessVerdict(token(["read", "ingest"]), "deployments", false)).toBe("forbidden");
    // A token never reaches further than its holder's role.
    expect(accessVerdict(token(["triage"], "viewer"), "deployments", false)).toBe("forbidden");
    expect(
      accessVerdict(
        { kind: "token", userId: "u", role: "admin", scopes: ["feed"], feedOnly: true },
        "deployments",
        false,
      ),
    ).toBe("forbidden");
  });
});
