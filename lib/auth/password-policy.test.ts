import { describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/auth/password-policy";

describe("passwordProblem", () => {
  it("refuses passwords under 12 characters", () => {
    expect(passwordProblem("Xk7#pQ2!mZ")).toMatch(/at least 12/);
  });

  it("refuses common passwords and easy variations of them, however long", () => {
    expect(passwordProblem("password1234")).toMatch(/too common/);
    expect(passwordProblem("qwertyuiop123")).toMatch(/too common/);
    expect(passwordProblem("Password12345!")).toMatch(/too common/);
  });

  it("refuses a password built from the user's own email", () => {
    expect(passwordProblem("janedoejanedoe", ["jane.doe@example.org"])).toMatch(/too common/);
  });

  it("accepts a long phrase of unrelated words", () => {
    expect(passwordProblem("copper lantern orbit meadow")).toBeNull();
  });
});
