import { roleAtLeast, type Role } from "@/lib/auth/roles";

/**
 * What can be reached, and by whom: the one table every page, route handler and the shared-page
 * cache consult (README, "Sign-in and access"). `setup`: open before the first account exists (the
 * dashboard then holds only public data). `publicRead`: open to signed-out visitors when
 * PUBLIC_READ=1. `role`: the least role that may read it once signed in.
 */
export const SURFACES = {
  briefs: { setup: true, publicRead: true, role: "viewer", what: "The list, brief pages and their preview images" },
  detections: { setup: true, publicRead: true, role: "viewer", what: "/detections, rule pages and rule downloads" },
  feeds: { setup: true, publicRead: true, role: "viewer", what: "/rss.xml and /feed.json" },
  overview: { setup: true, publicRead: false, role: "viewer", what: "/overview" },
  coverage: { setup: true, publicRead: false, role: "viewer", what: "/coverage and its exports" },
  status: { setup: true, publicRead: false, role: "analyst", what: "/status and the details of /api/health" },
  account: { setup: false, publicRead: false, role: "viewer", what: "/account: password, sessions, tokens" },
  admin: {
    setup: false,
    publicRead: false,
    role: "admin",
    what: "/admin/users (service accounts and their tokens), /admin/triage and /admin/audit",
  },
  // The team's own words and decisions: never public, even where PUBLIC_READ opens the briefs.
  triageRead: {
    setup: false,
    publicRead: false,
    role: "viewer",
    what: "A brief's state, owner, history and notes (brief pages, GET /api/briefs/{slug}, /triage.csv)",
  },
  triage: {
    setup: false,
    publicRead: false,
    role: "analyst",
    what: "Changing a brief's state and owner, writing notes (brief pages, the list's bulk actions, PATCH /api/briefs/{slug}, POST …/notes)",
  },
  deployments: {
    setup: false,
    publicRead: false,
    role: "analyst",
    what: "Marking a rule deployed to a SIEM, undeploying it, acknowledging a changed query",
  },
} as const satisfies Record<string, { setup: boolean; publicRead: boolean; role: Role; what: string }>;

export type Surface = keyof typeof SURFACES;

/** Who is asking, as far as access goes. */
export type Principal =
  | { kind: "setup" }
  | { kind: "anonymous" }
  | { kind: "user"; userId: string; role: Role }
  | { kind: "token"; userId: string; role: Role; scopes: string[]; feedOnly: boolean };

export type Verdict = "allow" | "sign-in" | "forbidden";

/** Surfaces a personal token with the `read` scope opens (never the account or admin pages). */
const TOKEN_READABLE: Surface[] = ["briefs", "detections", "feeds", "overview", "coverage", "status", "triageRead"];
/** Surfaces a personal token opens with another scope than `read`: the team's writes take `triage`. */
const TOKEN_SCOPED: Partial<Record<Surface, string>> = { triage: "triage", deployments: "triage" };

export function accessVerdict(principal: Principal, surface: Surface, publicRead: boolean): Verdict {
  const rule = SURFACES[surface];
  switch (principal.kind) {
    case "setup":
      return rule.setup ? "allow" : "sign-in";
    case "anonymous":
      return publicRead && rule.publicRead ? "allow" : "sign-in";
    case "user":
      return roleAtLeast(principal.role, rule.role) ? "allow" : "forbidden";
    case "token":
      if (principal.feedOnly) return surface === "feeds" ? "allow" : "forbidden";
      if (TOKEN_SCOPED[surface])
        return principal.scopes.includes(TOKEN_SCOPED[surface]) && roleAtLeast(principal.role, rule.role)
          ? "allow"
          : "forbidden";
      return principal.scopes.includes("read") &&
        TOKEN_READABLE.includes(surface) &&
        roleAtLeast(principal.role, rule.role)
        ? "allow"
        : "forbidden";
  }
}
