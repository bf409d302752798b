import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { authSecret } from "@/lib/auth/secret";
import { createLocalUser } from "@/lib/auth/users";
import { auth } from "@/lib/auth/server";
import { pageAudience } from "@/lib/page-cache/audience";

const cookieFor = (token: string) =>
  `briefs.session_token=${encodeURIComponent(`${token}.${createHmac("sha256", authSecret()).update(token).digest("base64")}`)}`;

describe("pageAudience", () => {
  it("shares pages with everyone before the first account exists", async () => {
    expect(await pageAudience(new Headers(), "", "coverage")).toBe("setup");
  });

  describe("once accounts exist", () => {
    let viewerCookie: string;
    let adminCookie: string;

    beforeAll(async () => {
      const viewer = await createLocalUser({
        email: "v@example.org",
        password: "copper lantern orbit meadow",
        role: "viewer",
      });
      await createLocalUser({ email: "a@example.org", password: "copper lantern orbit meadow", role: "admin" });
      const signIn = (email: string) =>
        auth().api.signInEmail({ body: { email, password: "copper lantern orbit meadow" }, headers: new Headers() });
      viewerCookie = cookieFor((await signIn("v@example.org")).token);
      adminCookie = cookieFor((await signIn("a@example.org")).token);
      expect(viewer.id).toBeTruthy();
    });

    it("never shares a page with a signed-out visitor unless PUBLIC_READ opens it", async () => {
      expect(await pageAudience(new Headers(), "", "briefs")).toBeNull();
      process.env.PUBLIC_READ = "1";
      try {
        expect(await pageAudience(new Headers(), "", "briefs")).toBe("public");
        expect(await pageAudience(new Headers(), "", "coverage")).toBeNull();
      } finally {
        delete process.env.PUBLIC_READ;
      }
    });

    it("keys a signed-in user's pages by user and role, and leaves pages their role does not open to Next", async () => {
      const viewer = await pageAudience(new Headers({ cookie: viewerCookie }), "", "briefs");
      const admin = await pageAudience(new Headers({ cookie: adminCookie }), "", "briefs");
      expect(viewer).toMatch(/^user:.+:viewer$/);
      expect(admin).toMatch(/^user:.+:admin$/);
      expect(viewer).not.toBe(admin);
    });

    it("leaves token holders and forged cookies to Next", async () => {
      expect(await pageAudience(new Headers({ authorization: "Bearer tbp_x" }), "", "briefs")).toBeNull();
      expect(await pageAudience(new Headers(), "?token=tbf_x", "briefs")).toBeNull();
      expect(
        await pageAudience(new Headers({ cookie: `${viewerCookie.slice(0, -6)}AAAA%3D` }), "", "briefs"),
      ).toBeNull();
    });
  });
});
