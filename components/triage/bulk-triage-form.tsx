import { SelectAllBriefs } from "@/components/triage/select-all-briefs";
import {
  AssigneeOptions,
  DecisionFields,
  triageButtonClass as buttonClass,
  triageInputClass as inputClass,
} from "@/components/triage/triage-fields";
import type { TriageUser } from "@/lib/triage/queries";

export type BulkTriageFormProps = {
  /** The id the rows' checkboxes name in their `form` attribute. */
  id: string;
  /** Where the form posts: the bulk route with the list view, so the browser comes back to it. */
  action: string;
  assignees: TriageUser[];
};

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
        <DecisionFields />
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
            <AssigneeOptions assignees={assignees} />
          </select>
        </label>
        <button type="submit" name="do" value="assign" className={buttonClass}>
          Assign
        </button>
      </fieldset>
    </form>
  );
}
