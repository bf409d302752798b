import { FlashMessage } from "@/components/auth/flash-message";
import { DateTime } from "@/components/ui/date-time";
import type { Flash } from "@/lib/auth/flash";
import type { TriageHistoryLine, TriageUser, TriageView } from "@/lib/triage/queries";
import { DISMISS_REASON_LABELS, isDecided, TRIAGE_STATE_LABELS, type TriageState } from "@/lib/briefs/triage-states";
import {
  AssigneeOptions,
  DecisionFields,
  triageButtonClass as buttonClass,
  triageInputClass as inputClass,
} from "@/components/triage/triage-fields";

export type TeamPanelProps = {
  triage: TriageView;
  history: TriageHistoryLine[];
  /** Null: the reader may look, not change (viewers, tokens without triage). */
  editor: { email: string; assignees: TriageUser[] } | null;
  flash: Flash | null;
  /** "1 of 2 rules deployed (Sentinel)"; null when no rule is linked to the brief. */
  deployedRules: string | null;
};

const NEXT_STEP: Record<TriageState, string> = {
  new: "Nobody has looked at this brief yet: take it, then review it.",
  in_review: "Under review: decide to hunt, adopt its rules, watch it, or dismiss it with a reason.",
  hunting: "Hunting once for its activity.",
  adopted: "Adopted: the team will detect this — deploy its rules below.",
  watching: "Watching for changes; no action yet.",
  dismissed: "Dismissed.",
};

function reasonText(reason: string | null): string | null {
  if (!reason) return null;
  if (reason.startsWith("duplicate of ")) return `Duplicate of ${reason.slice("duplicate of ".length)}`;
  return DISMISS_REASON_LABELS[reason as keyof typeof DISMISS_REASON_LABELS] ?? reason;
}

function HistoryLine({ line }: { line: TriageHistoryLine }) {
  const what =
    line.kind === "feed-update"
      ? "updated the brief since the decision"
      : line.kind === "acknowledge"
        ? "acknowledged the feed's update"
        : line.kind === "assign"
          ? line.toAssignee
            ? `assigned it to ${line.toAssignee}`
            : `removed the owner (${line.fromAssignee ?? "nobody"})`
          : line.fromState === line.toState
            ? `changed the reason of ${TRIAGE_STATE_LABELS[line.toState ?? "new"]}`
            : `moved it from ${TRIAGE_STATE_LABELS[line.fromState ?? "new"]} to ${TRIAGE_STATE_LABELS[line.toState ?? "new"]}`;
  const reason = reasonText(line.reason);
  return (
    <li className="text-sm">
      <DateTime date={line.at} /> — <span className="font-medium">{line.serviceAccount ?? line.actorEmail}</span>
      {line.serviceAccount ? (
        <>
          {" "}
          <span className="rounded bg-slate-200 px-1 text-xs dark:bg-slate-700">service account</span>
        </>
      ) : null}{" "}
      {what}
      {reason ? `: ${reason}` : ""}
      {line.comment ? (
        <span className="block whitespace-pre-line pl-4 text-slate-700 dark:text-slate-300">{line.comment}</span>
      ) : null}
    </li>
  );
}

/**
 * What the team decided about the brief, who owns it, what to do next and every change: before the
 * long texts, since it is what an analyst opens the page for. Forms post to the server, which checks
 * the role again (a viewer sees this read-only and is refused if she posts anyway).
 */
export function TeamPanel({ triage, history, editor, flash, deployedRules }: TeamPanelProps) {
  const action = `/api/briefs/${encodeURIComponent(triage.slug)}/triage`;
  const reason = reasonText(triage.reason === "duplicate" ? `duplicate of ${triage.duplicateOf}` : triage.reason);
  return (
    <section
      aria-labelledby="team-heading"
      className="space-y-3 rounded border border-slate-300 p-4 dark:border-slate-600"
      data-testid="team-panel"
    >
      <h2 id="team-heading" className="text-lg font-semibold">
        Team
      </h2>
      <FlashMessage flash={flash} />
      {deployedRules ? (
        <p className="text-sm font-medium" data-testid="triage-summary">
          {TRIAGE_STATE_LABELS[triage.state]} · {deployedRules}
        </p>
      ) : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">State</dt>
        <dd data-testid="triage-state">
          {TRIAGE_STATE_LABELS[triage.state]}
          {isDecided(triage.state) ? " (decided)" : ""}
          {reason ? ` — ${reason}` : ""}
        </dd>
        <dt className="font-medium">Owner</dt>
        <dd data-testid="triage-owner">{triage.assignee ? triage.assignee.email : "nobody"}</dd>
        {triage.updatedSinceDecisionAt ? (
          <>
            <dt className="font-medium">Feed</dt>
            <dd data-testid="triage-updated-since-decision">
              Updated since the decision (<DateTime date={triage.updatedSinceDecisionAt} />
              ): read it again, then acknowledge.
            </dd>
          </>
        ) : null}
        {triage.changedAt ? (
          <>
            <dt className="font-medium">Last change</dt>
            <dd>
              <DateTime date={triage.changedAt} /> by {triage.changedBy}
            </dd>
          </>
        ) : null}
      </dl>
      <p className="text-sm">{NEXT_STEP[triage.state]}</p>
      {triage.comment ? <p className="whitespace-pre-line text-sm">{triage.comment}</p> : null}

      {editor ? (
        <div className="space-y-3">
          {triage.updatedSinceDecisionAt ? (
            <form method="post" action={action}>
              <input type="hidden" name="version" value={triage.version} />
              <button type="submit" name="acknowledge" value="feed-update" className={buttonClass}>
                Acknowledge the update
              </button>
            </form>
          ) : null}
          <form method="post" action={action} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="version" value={triage.version} />
            {triage.assignee?.email === editor.email ? (
              <button type="submit" name="assign" value="none" className={buttonClass}>
                Unassign me
              </button>
            ) : (
              <button type="submit" name="assign" value="me" className={buttonClass}>
                Assign to me
              </button>
            )}
          </form>
          <form method="post" action={action} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="version" value={triage.version} />
            <label className="flex flex-col text-sm">
              Owner
              <select name="assign" defaultValue={triage.assignee?.email ?? "none"} className={inputClass}>
                <option value="none">nobody</option>
                <AssigneeOptions assignees={editor.assignees} />
              </select>
            </label>
            <button type="submit" className={buttonClass}>
              Set owner
            </button>
          </form>
          <form method="post" action={action} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="version" value={triage.version} />
            <DecisionFields current={triage} />
            <label className="flex w-full flex-col text-sm">
              Comment
              <textarea name="comment" rows={2} maxLength={2000} className={inputClass} />
            </label>
            <button type="submit" className={buttonClass}>
              Save decision
            </button>
          </form>
        </div>
      ) : null}

      <h3 className="text-base font-semibold">History</h3>
      {history.length ? (
        <ol className="space-y-1" aria-label="Triage history">
          {history.map((line) => (
            <HistoryLine key={line.id} line={line} />
          ))}
        </ol>
      ) : (
        <p className="text-sm">No decision recorded yet.</p>
      )}
    </section>
  );
}
