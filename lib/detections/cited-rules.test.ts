import { describe, expect, it } from "vitest";
import { findCitedRuleNames } from "@/lib/detections/cited-rules";

describe("findCitedRuleNames", () => {
  it("finds each rule a brief cites, in curly or straight quotes, once", () => {
    const text =
      'Deploy the Sigma rule “Okta MFA Push Flood” to your SIEM. Then deploy the Sigma rule "Okta Admin Role Granted"; tune the Sigma rule “Okta MFA Push Flood”.';
    expect(findCitedRuleNames(text)).toEqual(["Okta MFA Push Flood", "Okta Admin Role Granted"]);
    expect(findCitedRuleNames("No rules here.")).toEqual([]);
  });
});
