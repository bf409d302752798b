import { describe, expect, it } from "vitest";
import { bearerTokenMatches } from "@/lib/auth/bearer-token";

describe("bearerTokenMatches", () => {
  it("accepts only the exact token in a Bearer header", () => {
    expect(bearerTokenMatches("Bearer s3cret", "s3cret")).toBe(true);
    expect(bearerTokenMatches("bearer   s3cret ", "s3cret")).toBe(true);
    expect(bearerTokenMatches("Bearer s3cret2", "s3cret")).toBe(false);
    expect(bearerTokenMatches("Basic s3cret", "s3cret")).toBe(false);
    expect(bearerTokenMatches("s3cret", "s3cret")).toBe(false);
    expect(bearerTokenMatches(null, "s3cret")).toBe(false);
    expect(bearerTokenMatches("Bearer ", "")).toBe(false);
  });
});
