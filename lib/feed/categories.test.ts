import { describe, expect, it } from "vitest";
import { classifyCategories } from "@/lib/feed/categories";

describe("classifyCategories", () => {
  it("reads severity and type from domain categories and the rest as tags", () => {
    const result = classifyCategories([
      { _: "high", $: { domain: "severity" } },
      { _: "advisory", $: { domain: "type" } },
      "azure",
      "entra_id",
      "credential_access",
      "brute_force",
    ]);
    expect(result.severity).toBe("high");
    expect(result.type).toBe("advisory");
    expect(result.tags).toEqual([
      { name: "azure", kind: "platform", label: "Azure" },
      { name: "entra_id", kind: "platform", label: "Entra ID" },
      { name: "credential_access", kind: "tactic", label: "Credential Access" },
      { name: "brute_force", kind: "topic", label: "Brute Force" },
    ]);
  });

  it("trims and case-folds severity, and keeps the raw value", () => {
    const result = classifyCategories([{ _: "  CRITICAL \n", $: { domain: "Severity" } }]);
    expect(result.severity).toBe("critical");
    expect(result.severityRaw).toBe("CRITICAL");
  });

  it("takes the most severe of several severity categories", () => {
    const result = classifyCategories([
      { _: "low", $: { domain: "severity" } },
      { _: "High", $: { domain: "severity" } },
      { _: "medium", $: { domain: "severity" } },
    ]);
    expect(result.severity).toBe("high");
    expect(result.severityRaw).toBe("low, High, medium");
  });

  it("treats an empty severity category as absent and an unknown one as unknown with its raw text", () => {
    expect(classifyCategories([{ $: { domain: "severity" } }])).toMatchObject({
      severity: "unknown",
      severityRaw: null,
    });
    expect(classifyCategories([{ _: "bananas", $: { domain: "severity" } }])).toMatchObject({
      severity: "unknown",
      severityRaw: "bananas",
    });
    expect(classifyCategories(undefined)).toMatchObject({ severity: "unknown", type: null, tags: [] });
  });

  it("collapses spellings of one platform into one tag", () => {
    const result = classifyCategories(["microsoft_entra_id", "Microsoft-Entra-ID", "entra_id", "Azure AD"]);
    expect(result.tags).toEqual([{ name: "entra_id", kind: "platform", label: "Entra ID" }]);
  });

  it("recognises ATT&CK tactics whatever their spelling, and by ID", () => {
    const result = classifyCategories(["Privilege Escalation", "lateral-movement", "TA0003", "command_and_control"]);
    expect(result.tags.map((tag) => [tag.name, tag.kind])).toEqual([
      ["privilege_escalation", "tactic"],
      ["lateral_movement", "tactic"],
      ["persistence", "tactic"],
      ["command_and_control", "tactic"],
    ]);
  });

  it("reads severity and type from Atom categories by scheme and term", () => {
    const result = classifyCategories([
      { $: { scheme: "severity", term: "High" } },
      { $: { scheme: "type", term: "Advisory" } },
      { $: { term: "entra_id", label: "Entra" } },
    ]);
    expect(result).toMatchObject({ severity: "high", severityRaw: "High", type: "advisory" });
    expect(result.tags.map((tag) => tag.name)).toEqual(["entra_id"]);
  });

  it("skips categories without text and reads Atom's term attribute", () => {
    const result = classifyCategories(["", "   ", null, { $: { domain: "x" } }, { $: { term: "persistence" } }]);
    expect(result.tags).toEqual([{ name: "persistence", kind: "tactic", label: "Persistence" }]);
  });
});

describe("topic labels", () => {
  it("spells acronyms as people write them", () => {
    expect(classifyCategories(["oauth", "mfa_fatigue"]).tags.map((tag) => tag.label)).toEqual(["OAuth", "MFA Fatigue"]);
  });
});
