import { describe, expect, it } from "vitest";
import { lineDiff } from "@/lib/deployments/line-diff";
import { isReferenceLink, parseReference } from "@/lib/deployments/validations";

describe("lineDiff", () => {
  it("keeps common lines and marks what was removed and added", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
    expect(lineDiff("", "q")).toEqual([{ kind: "added", text: "q" }]);
    expect(lineDiff("q", "q")).toEqual([{ kind: "same", text: "q" }]);
  });
});

describe("parseReference", () => {
  it("takes nothing, a rule id or an http(s) link", () => {
    expect(parseReference(undefined)).toBeNull();
    expect(parseReference("   ")).toBeNull();
    expect(parseReference(" a1b2-c3 ")).toBe("a1b2-c3");
    expect(parseReference("Splunk: Legacy auth #2")).toBe("Splunk: Legacy auth #2");
    expect(parseReference("https://portal.azure.com/#blade/rule/1")).toBe("https://portal.azure.com/#blade/rule/1");
    expect(isReferenceLink("https://e.test/x")).toBe(true);
    expect(isReferenceLink("javascript:alert(1)")).toBe(false);
  });

  it("refuses other schemes, markup, control characters and overlong values", () => {
    for (const bad of ["ftp://e.test/r", "javascript://%0aalert(1)", "<b>", "a\u0000b", "a\nb", "x".repeat(201)])
      expect(() => parseReference(bad), bad).toThrow(/reference/);
  });
});
