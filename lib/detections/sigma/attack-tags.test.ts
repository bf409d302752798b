import { describe, expect, it } from "vitest";
import { attackTags } from "@/lib/detections/sigma/attack-tags";

describe("attackTags", () => {
  it("reads techniques upper-cased and tactics as slugs", () => {
    expect(attackTags({ tags: ["attack.credential_access", "attack.t1110", "attack.t1110.003"] })).toEqual({
      techniques: ["T1110", "T1110.003"],
      tactics: ["credential_access"],
    });
  });

  it("accepts hyphenated tactic names and tactic IDs, once each", () => {
    expect(
      attackTags({ tags: ["attack.privilege-escalation", "attack.ta0004", "attack.defense_evasion"] }).tactics,
    ).toEqual(["privilege_escalation", "defense_evasion"]);
  });

  it("skips groups, software, other namespaces and unknown names", () => {
    expect(
      attackTags({
        tags: ["attack.g0016", "attack.s0002", "cve.2021-44228", "attack.not_a_tactic", "detection.threat_hunting"],
      }),
    ).toEqual({
      techniques: [],
      tactics: [],
    });
  });
});
