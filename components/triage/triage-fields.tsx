import { DISMISS_REASON_LABELS, DISMISS_REASONS, TRIAGE_STATE_LABELS, TRIAGE_STATES } from "@/lib/briefs/triage-states";
import type { TriageUser } from "@/lib/triage/queries";

/** The look of the team's inputs and buttons, on a brief's panel and in the list's bulk form alike. */
export const triageInputClass =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";
export const triageButtonClass =
  "rounded border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-500 dark:hover:bg-slate-800";

/**
 * What a decision is made of, as the triage routes read it (`state`, `reason`, `duplicateOf`): one
 * brief's current decision on its panel, or nothing chosen yet for the selected briefs of the list.
 */
export function DecisionFields({
  current,
}: {
  current?: { state: string; reason: string | null; duplicateOf: string | null };
}) {
  return (
    <>
      <label className="flex flex-col text-sm">
        State
        <select name="state" defaultValue={current?.state ?? ""} className={triageInputClass}>
          {current ? null : <option value="">Choose…</option>}
          {TRIAGE_STATES.map((state) => (
            <option key={state} value={state}>
              {TRIAGE_STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        Reason (when dismissing)
        <select name="reason" defaultValue={current?.reason ?? ""} className={triageInputClass}>
          <option value="">—</option>
          {DISMISS_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {DISMISS_REASON_LABELS[reason]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        Duplicate of (brief link or slug)
        <input name="duplicateOf" defaultValue={current?.duplicateOf ?? ""} className={triageInputClass} />
      </label>
    </>
  );
}

/** One option per analyst who may own a brief, named and with the email the routes take. */
export function AssigneeOptions({ assignees }: { assignees: readonly TriageUser[] }) {
  return assignees.map((user) => (
    <option key={user.id} value={user.email}>
      {user.name ? `${user.name} (${user.email})` : user.email}
    </option>
  ));
}
