import { describe, expect, it } from "vitest";
import { ATTACK, ATTACK_MAJOR_VERSION, subTechniquesOf, techniqueInfo, techniqueLabel } from "@/lib/attack/catalog";
import { ATTACK_TACTICS } from "@/lib/attack/tactics";

describe("the shipped ATT&CK catalog", () => {
  it("is ATT&CK Enterprise v18.1 with MITRE's notice", () => {
    expect(ATTACK.version).toBe("18.1");
    expect(ATTACK_MAJOR_VERSION).toBe("18");
    expect(ATTACK.notice).toMatch(/^© \d{4} The MITRE Corporation\./);
    expect(ATTACK.techniques.filter((technique) => !technique.parent)).toHaveLength(216);
    expect(ATTACK.techniques.filter((technique) => technique.parent)).toHaveLength(475);
  });

  it("orders the tactics as lib/attack/tactics.ts does, so tactic slugs and matrix columns agree", () => {
    expect(
      ATTACK.tactics.map((tactic) => ({ id: tactic.id, slug: tactic.shortname.replace(/-/g, "_"), name: tactic.name })),
    ).toEqual(ATTACK_TACTICS.map((tactic) => ({ ...tactic })));
  });

  it("names techniques, sub-techniques and their tactics", () => {
    expect(techniqueLabel("t1110.003")).toBe("T1110.003 Password Spraying");
    expect(techniqueInfo("T1110.003")).toMatchObject({
      status: "active",
      parent: "T1110",
      tactics: ["credential-access"],
    });
    expect(techniqueInfo("T1098.005").tactics).toEqual(["persistence", "privilege-escalation"]);
    expect(subTechniquesOf("T1110").map((technique) => technique.id)).toEqual([
      "T1110.001",
      "T1110.002",
      "T1110.003",
      "T1110.004",
    ]);
  });

  it("says when an ID is revoked, deprecated or unknown instead of dropping it", () => {
    expect(techniqueLabel("T1066")).toBe("T1066 Indicator Removal from Tools (revoked in ATT&CK)");
    const deprecated = ATTACK.retired.find((technique) => technique.status === "deprecated")!;
    expect(techniqueLabel(deprecated.id)).toBe(`${deprecated.id} ${deprecated.name} (deprecated in ATT&CK)`);
    expect(techniqueInfo("T9999")).toMatchObject({ status: "unknown", name: null, tactics: [] });
    expect(techniqueLabel("T9999.001")).toBe("T9999.001 (not in ATT&CK v18.1)");
  });
});
