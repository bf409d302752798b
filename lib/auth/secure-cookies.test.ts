import { describe, expect, it } from "vitest";

// Before any sign-in module reads the settings: this file's server is served over https.
process.env.SITE_URL = "https://briefs.example.org";
const { auth } = await import("@/lib/auth/server");
const { createLocalUser } = await import("@/lib/auth/users");
const { sessionCookieName } = await import("@/lib/auth/cookies");
const { viewerFromCookies } = await import("@/lib/auth/session");

describe("session cookies when SITE_URL is https", () => {
  it("are Secure, HttpOnly, SameSite=Lax and __Secure- prefixed, and the session check reads that name", async () => {
    await createLocalUser({ email: "tls@example.org", password: "copper lantern orbit meadow", role: "viewer" });
    const { headers } = await auth().api.signInEmail({
      body: { email: "tls@example.org", password: "copper lantern orbit meadow" },
      headers: new Headers({ origin: "https://briefs.example.org" }),
      returnHeaders: true,
    });
    const cookie = headers.getSetCookie().find((line) => line.startsWith(`${sessionCookieName()}=`));
    expect(sessionCookieName()).toBe("__Secure-briefs.session_token");
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    const viewer = await viewerFromCookies(cookie!.split(";")[0]);
    expect(viewer?.email).toBe("tls@example.org");
    // A second sign-in gets a session of its own: a new id every time.
    const again = await auth().api.signInEmail({
      body: { email: "tls@example.org", password: "copper lantern orbit meadow" },
      headers: new Headers(),
      returnHeaders: true,
    });
    expect(again.headers.getSetCookie().find((line) => line.startsWith("__Secure-"))).not.toBe(cookie);
  });
});
