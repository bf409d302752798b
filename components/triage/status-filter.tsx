import Link from "next/link";
import { briefListHref } from "@/lib/briefs/list-href";
import { TRIAGE_STATE_LABELS, TRIAGE_STATES, type TriageState } from "@/lib/briefs/triage-states";
import type { BriefListParams } from "@/lib/briefs/validations";

export type StatusFilterProps = { params: BriefListParams; counts: Record<TriageState, number> };

const linkClass = "rounded px-2 py-0.5 underline-offset-2 hover:underline";
const activeClass = "bg-slate-200 font-semibold dark:bg-slate-700";

/**
 * The team's states beside the severity controls: each a link that adds or removes it from the view
 * (so the URL holds the choice, like every filter), with how many briefs the view has in it.
 */
export function StatusFilter({ params, counts }: StatusFilterProps) {
  const toggle = (state: TriageState) =>
    params.status.includes(state) ? params.status.filter((chosen) => chosen !== state) : [...params.status, state];
  const queue = (assignee: string | undefined) => briefListHref({ ...params, assignee, page: 1 });
  return (
    <nav aria-label="Team state" className="flex flex-wrap items-center gap-1 text-sm">
      <span className="font-medium">State:</span>
      {TRIAGE_STATES.map((state) => (
        <Link
          key={state}
          href={briefListHref({ ...params, status: toggle(state), page: 1 })}
          aria-current={params.status.includes(state) ? "true" : undefined}
          className={`${linkClass} ${params.status.includes(state) ? activeClass : ""}`}
        >
          {TRIAGE_STATE_LABELS[state]} ({counts[state]})
        </Link>
      ))}
      <span className="ml-2 font-medium">Owner:</span>
      <Link
        href={queue(params.assignee === "me" ? undefined : "me")}
        aria-current={params.assignee === "me" ? "true" : undefined}
        className={`${linkClass} ${params.assignee === "me" ? activeClass : ""}`}
      >
        Mine
      </Link>
      <Link
        href={queue(params.assignee === "none" ? undefined : "none")}
        aria-current={params.assignee === "none" ? "true" : undefined}
        className={`${linkClass} ${params.assignee === "none" ? activeClass : ""}`}
      >
        Nobody
      </Link>
    </nav>
  );
}
