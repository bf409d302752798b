import { describe, expect, it } from "vitest";
import { toFtsQuery, toTsQuery } from "@/lib/briefs/search";

describe("toFtsQuery", () => {
  it("quotes each word so FTS syntax in the input is inert, and prefix-matches the last", () => {
    expect(toFtsQuery("token theft")).toBe('"token" "theft"*');
    expect(toFtsQuery('NEAR("a" OR b*) -c')).toBe('"NEAR" "a" "OR" "b" "c"*');
    expect(toFtsQuery("  ")).toBeNull();
    expect(toFtsQuery("***")).toBeNull();
  });
});

describe("toTsQuery", () => {
  it("joins the words with & and prefix-matches the last, leaving no tsquery operator of the input", () => {
    expect(toTsQuery("token theft")).toBe("token & theft:*");
    expect(toTsQuery("a & !b | (c:* <-> 'd')")).toBe("a & b & c & d:*");
    expect(toTsQuery("T1110.003 café")).toBe("T1110 & 003 & café:*");
    expect(toTsQuery("  ")).toBeNull();
    expect(toTsQuery("***")).toBeNull();
  });
});
