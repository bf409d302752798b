import { describe, expect, it } from "vitest";
import { copyrightNotice, deriveCatalog, serialiseCatalog, type StixObject } from "@/lib/attack/derive-catalog";

function tactic(id: string, shortname: string, name: string): StixObject {
  return {
    type: "x-mitre-tactic",
    id: `x-mitre-tactic--${shortname}`,
    name,
    x_mitre_shortname: shortname,
    external_references: [{ source_name: "mitre-attack", external_id: id }],
  };
}

function pattern(id: string, name: string, phases: string[], extra: StixObject = {}): StixObject {
  return {
    type: "attack-pattern",
    name,
    external_references: [{ source_name: "mitre-attack", external_id: id }, { source_name: "some-report" }],
    kill_chain_phases: phases.map((phase) => ({ kill_chain_name: "mitre-attack", phase_name: phase })),
    x_mitre_domains: ["enterprise-attack"],
    x_mitre_is_subtechnique: id.includes("."),
    ...extra,
  };
}

const RELEASE: StixObject[] = [
  { type: "x-mitre-matrix", tactic_refs: ["x-mitre-tactic--persistence", "x-mitre-tactic--credential-access"] },
  tactic("TA0006", "credential-access", "Credential Access"),
  tactic("TA0003", "persistence", "Persistence"),
  pattern("T1110.003", "Password Spraying", ["credential-access"], {
    x_mitre_platforms: ["SaaS", "Identity Provider", "SaaS"],
  }),
  pattern("T1110", "Brute Force", ["credential-access"], { x_mitre_platforms: ["Windows"] }),
  pattern("T1098", "Account Manipulation", ["credential-access", "persistence"], {
    kill_chain_phases: [
      { kill_chain_name: "mitre-attack", phase_name: "credential-access" },
      { kill_chain_name: "mitre-attack", phase_name: "persistence" },
      { kill_chain_name: "lockheed", phase_name: "installation" },
    ],
  }),
  pattern("T1066", "Indicator Removal from Tools", ["persistence"], { revoked: true }),
  pattern("T1108", "Redundant Access", ["persistence"], { x_mitre_deprecated: true }),
  pattern("T1400", "Mobile Only", ["persistence"], { x_mitre_domains: ["mobile-attack"] }),
];

const NOTICE =
  "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.";

describe("deriveCatalog", () => {
  it("keeps active techniques with their tactics in matrix order, parent and sorted platforms, and names the retired ones", () => {
    const catalog = deriveCatalog(RELEASE, "18.1", NOTICE);
    expect(catalog.tactics).toEqual([
      { id: "TA0003", shortname: "persistence", name: "Persistence" },
      { id: "TA0006", shortname: "credential-access", name: "Credential Access" },
    ]);
    expect(catalog.techniques).toEqual([
      { id: "T1098", name: "Account Manipulation", tactics: ["persistence", "credential-access"], platforms: [] },
      { id: "T1110", name: "Brute Force", tactics: ["credential-access"], platforms: ["Windows"] },
      {
        id: "T1110.003",
        name: "Password Spraying",
        tactics: ["credential-access"],
        platforms: ["Identity Provider", "SaaS"],
        parent: "T1110",
      },
    ]);
    expect(catalog.retired).toEqual([
      { id: "T1066", name: "Indicator Removal from Tools", status: "revoked" },
      { id: "T1108", name: "Redundant Access", status: "deprecated" },
    ]);
  });

  it("writes the same bytes whatever order the files were read in", () => {
    const once = serialiseCatalog(deriveCatalog(RELEASE, "18.1", NOTICE));
    const reversed = serialiseCatalog(deriveCatalog([...RELEASE].reverse(), "18.1", NOTICE));
    expect(reversed).toBe(once);
    expect(JSON.parse(once)).toEqual(deriveCatalog(RELEASE, "18.1", NOTICE));
    expect(once.split("\n").filter((line) => line.includes('"id":"T1110')).length).toBe(2);
  });

  it("refuses a technique placed under a tactic the matrix lacks, and a sub-technique without its parent", () => {
    expect(() =>
      deriveCatalog([...RELEASE, pattern("T1200", "Hardware Additions", ["initial-access"])], "18.1", NOTICE),
    ).toThrow(/T1200 is placed under "initial-access"/);
    expect(() =>
      deriveCatalog([...RELEASE, pattern("T1556.006", "Multi-Factor Authentication", ["persistence"])], "18.1", NOTICE),
    ).toThrow(/T1556.006 has no active parent/);
    expect(() => deriveCatalog(RELEASE.slice(1), "18.1", NOTICE)).toThrow(/one x-mitre-matrix/);
  });

  it("reads MITRE's copyright designation from the licence text", () => {
    expect(copyrightNotice(`License\n-------\n\n"${NOTICE}"\n\nDisclaimers`)).toBe(NOTICE);
    expect(() => copyrightNotice("No notice here")).toThrow(/no MITRE copyright line/);
  });
});
