import { SelectAllBriefs } from "@/components/triage/select-all-briefs";
import { DISMISS_REASON_LABELS, DISMISS_REASONS, TRIAGE_STATE_LABELS, TRIAGE_STATES } from "@/lib/briefs/triage-states";
import type { TriageUser } from "@/lib/triage/queries";

export type BulkTriageFormProps = {
  /** The id the rows' checkboxes name in their `form` attribute. */
  id: string;
  /** Where the form posts: the bulk route with the list view, so the browser comes back to it. */
  action: string;
  assignees: TriageUser[];
};

const inputClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";
const buttonClass =
  "rounded border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-500 dark:hover:bg-slate-800";

/**
 * Bulk actions on the briefs selected in the list below (their checkboxes belong to this form by
 * id): one state or one owner for all of them, all or nothing. The state part comes first, so that
 * Enter in its comment sets the state rather than pressing another button.
 */
export function BulkTriageForm({ id, action, assignees }: BulkTriageFormProps) {
  return (
    <form
      id={id}
      method="post"
      action={action}
      aria-labelledby={`${id}-heading`}
      className="space-y-2 rounded border border-slate-300 p-3 dark:border-slate-600"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          Selected briefs
        </h2>
        <SelectAllBriefs form={id} />
      </div>
      <fieldset className="flex flex-wrap items-end gap-2">
        <legend className="sr-only">Set the state of the selected briefs</legend>
        <label className="flex flex-col text-sm">
          State
          <select name="state" defaultValue="" className={inputClass}>
            <option value="">Choose…</option>
            {TRIAGE_STATES.map((state) => (
              <option key={state} value={state}>
                {TRIAGE_STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Reason (when dismissing)
          <select name="reason" defaultValue="" className={inputClass}>
            <option value="">—</option>
            {DISMISS_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {DISMISS_REASON_LABELS[reason]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Duplicate of
          <input name="duplicateOf" className={inputClass} />
        </label>
        <label className="flex flex-col text-sm">
          Comment
          <input name="comment" maxLength={2000} className={inputClass} />
        </label>
        <button type="submit" name="do" value="state" className={buttonClass}>
          Set state
        </button>
      </fieldset>
      <fieldset className="flex flex-wrap items-end gap-2">
        <legend className="sr-only">Assign the selected briefs</legend>
        <button type="submit" name="do" value="assign-me" className={buttonClass}>
          Assign to me
        </button>
        <label className="flex flex-col text-sm">
          Owner
          <select name="assignee" defaultValue="me" className={inputClass}>
            <option value="me">me</option>
            <option value="none">nobody</option>
            {assignees.map((user) => (
              <option key={user.id} value={user.email}>
                {user.name ? `${user.name} (${user.email})` : user.email}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" name="do" value="assign" className={buttonClass}>
          Assign
        </button>
      </fieldset>
    </form>
  );
}
