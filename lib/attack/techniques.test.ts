import { describe, expect, it } from "vitest";
import { findTechniqueIds, isTechniqueId, techniqueUrl } from "@/lib/attack/techniques";

describe("ATT&CK techniques", () => {
  it("finds technique and sub-technique IDs once each, ignoring look-alikes", () => {
    expect(
      findTechniqueIds("Maps to T1110.003 (password spraying), T1110 and again T1110.003; not T11100 or XT1078."),
    ).toEqual(["T1110.003", "T1110"]);
  });

  it("links to the technique's ATT&CK page", () => {
    expect(techniqueUrl("T1110")).toBe("https://attack.mitre.org/techniques/T1110/");
    expect(techniqueUrl("t1110.003")).toBe("https://attack.mitre.org/techniques/T1110/003/");
    expect(isTechniqueId(" t1078.004 ")).toBe(true);
    expect(isTechniqueId("T107")).toBe(false);
  });
});
