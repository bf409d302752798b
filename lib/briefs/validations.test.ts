import { describe, expect, it } from "vitest";
import { briefListHref, parseBriefListParams } from "@/lib/briefs/validations";

describe("parseBriefListParams", () => {
  it("reads comma-separated severities and a page", () => {
    expect(parseBriefListParams({ severity: "high,Critical", page: "3" })).toEqual({ severity: ["high", "critical"], page: 3 });
  });

  it("falls back to defaults for bad values instead of failing", () => {
    expect(parseBriefListParams({ severity: "nope,,", page: "-2" })).toEqual({ severity: [], page: 1 });
    expect(parseBriefListParams({ severity: ["low", "high"], page: "abc" })).toEqual({ severity: ["low"], page: 1 });
    expect(parseBriefListParams({})).toEqual({ severity: [], page: 1 });
  });
});

describe("briefListHref", () => {
  it("writes only what differs from the defaults, keeping commas readable", () => {
    expect(briefListHref({})).toBe("/");
    expect(briefListHref({ severity: ["high", "critical"], page: 1 })).toBe("/?severity=high,critical");
    expect(briefListHref({ severity: [], page: 2 })).toBe("/?page=2");
  });
});
