import { describe, expect, it } from "vitest";
import { readTokenRequest, serviceTokenRequestSchema, tokenRequestSchema } from "@/lib/auth/token-request";

const post = (body: unknown) =>
  new Request("http://localhost/api/account/tokens", { method: "POST", body: JSON.stringify(body) });

describe("a token request", () => {
  it("needs a name, and a scope for a personal token; a feed token needs none", async () => {
    for (const body of [
      { kind: "personal", name: "SOAR" },
      { kind: "feed" },
      { name: "x", kind: "other" },
      "nonsense",
    ]) {
      const read = await readTokenRequest(post(body), tokenRequestSchema);
      expect("refused" in read && read.refused.status, JSON.stringify(body)).toBe(400);
    }
    expect(await readTokenRequest(post({ kind: "feed", name: "Reader" }), tokenRequestSchema)).toEqual({
      body: { kind: "feed", name: "Reader", scopes: [], days: 30 },
    });
    expect(
      await readTokenRequest(
        post({ kind: "personal", name: " SOAR ", scopes: ["triage"], days: null }),
        tokenRequestSchema,
      ),
    ).toEqual({ body: { kind: "personal", name: "SOAR", scopes: ["triage"], days: null } });
  });

  it("names the service account when an admin asks for one", async () => {
    const personal = { kind: "personal", name: "SOAR", scopes: ["read"] };
    expect("refused" in (await readTokenRequest(post(personal), serviceTokenRequestSchema))).toBe(true);
    expect(await readTokenRequest(post({ ...personal, user: "svc-1" }), serviceTokenRequestSchema)).toEqual({
      body: { ...personal, user: "svc-1", days: 30 },
    });
  });
});
