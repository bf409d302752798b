import { describe, expect, it } from "vitest";
import { safeReturnPath, signInHref } from "@/lib/auth/return-path";

describe("safeReturnPath", () => {
  it("keeps a path on this site with its query", () => {
    expect(safeReturnPath("/coverage?severity=high")).toBe("/coverage?severity=high");
  });

  it("refuses anything a browser could read as another origin", () => {
    for (const value of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "",
      null,
    ])
      expect(safeReturnPath(value)).toBe("/");
  });

  it("builds the sign-in link that returns there", () => {
    expect(signInHref("/status")).toBe("/sign-in?next=%2Fstatus");
    expect(signInHref("//evil.example")).toBe("/sign-in");
  });
});
