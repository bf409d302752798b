import { describe, expect, it } from "vitest";
import { tagLabelsFor } from "@/lib/briefs/tag-labels";
import { describeFilters, parseBriefListParams } from "@/lib/briefs/validations";

describe("tagLabelsFor", () => {
  it("names techniques by ATT&CK, also one only rules give briefs, and keeps other labels", () => {
    const labels = tagLabelsFor(
      [
        { name: "t1110.003", kind: "technique", label: "T1110.003" },
        { name: "entra_id", kind: "platform", label: "Entra ID" },
      ],
      ["t1098.005", "oauth"],
    );
    expect(labels).toEqual({
      "t1110.003": "T1110.003 Password Spraying",
      entra_id: "Entra ID",
      "t1098.005": "T1098.005 Device Registration",
    });
    const params = parseBriefListParams({ severity: "high", tag: "t1098.005" });
    expect(describeFilters(params, labels)).toBe("High briefs — T1098.005 Device Registration");
  });
});
