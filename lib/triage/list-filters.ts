import "server-only";
import { callerVerdict, type Caller } from "@/lib/auth/access";
import type { BriefFilters } from "@/lib/briefs/validations";

/**
 * The list's triage filters as the caller may use them. The team's decisions are not public: for
 * someone who may not read them (a signed-out visitor with PUBLIC_READ) the filters are
 * dropped, so a view cannot be used to learn what the team decided. Returns the filters to show
 * (links keep `assignee=me`) and those to query, where "me" is the asker's email.
 */
export function triageFiltersFor<Params extends BriefFilters>(
  params: Params,
  caller: Caller,
): { shown: Params; query: Params } {
  // A feed token is its owner's subscription (they are at least a viewer): their feed may filter on triage.
  const mayRead = callerVerdict(caller, "triageRead") === "allow" || (caller.kind === "token" && caller.feedOnly);
  if (!mayRead) {
    const shown = { ...params, status: [], assignee: undefined, decided: undefined };
    return { shown, query: shown };
  }
  if (params.assignee !== "me") return { shown: params, query: params };
  const email = caller.kind === "user" ? caller.viewer.email : caller.kind === "token" ? caller.holder.email : null;
  // Nobody to be "me": the query keeps "me", which matches no brief.
  return { shown: params, query: email ? { ...params, assignee: email } : params };
}
