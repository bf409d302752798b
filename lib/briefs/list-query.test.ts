import { describe, expect, it } from "vitest";
import { toFtsQuery } from "@/lib/briefs/list-query";

describe("toFtsQuery", () => {
  it("quotes each word so FTS syntax in the input is inert, and prefix-matches the last", () => {
    expect(toFtsQuery("token theft")).toBe('"token" "theft"*');
    expect(toFtsQuery('NEAR("a" OR b*) -c')).toBe('"NEAR" "a" "OR" "b" "c"*');
    expect(toFtsQuery("  ")).toBeNull();
    expect(toFtsQuery("***")).toBeNull();
  });
});
