import { FlashMessage } from "@/components/auth/flash-message";
import { DateTime } from "@/components/ui/date-time";
import type { Flash } from "@/lib/auth/flash";
import type { DiffLine } from "@/lib/deployments/line-diff";
import type { DeploymentView, RuleDeployments } from "@/lib/deployments/queries";
import { isReferenceLink, MAX_REFERENCE_URL_LENGTH, SIEMS, siemLabel, type Siem } from "@/lib/deployments/validations";

export type DeploymentStatusProps = {
  detectionId: string;
  deployments: RuleDeployments;
  /** Analysts and admins get the forms; a viewer sees the state only (the server refuses her posts too). */
  canChange: boolean;
  /** The page the forms return to. */
  back: string;
  flash: Flash | null;
};

const DIFF_MARKS: Record<DiffLine["kind"], string> = { same: "  ", removed: "- ", added: "+ " };
const DIFF_CLASSES: Record<DiffLine["kind"], string> = {
  same: "",
  removed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
  added: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100",
};

function Reference({ reference }: { reference: string }) {
  return isReferenceLink(reference) ? (
    <a href={reference} className="break-all underline underline-offset-2" rel="noopener noreferrer nofollow">
      {reference}
    </a>
  ) : (
    <code className="break-all">{reference}</code>
  );
}

function Deployed({ deployment, label }: { deployment: DeploymentView; label: string }) {
  return (
    <p>
      <strong>Deployed to {label}</strong>
      {deployment.reference ? (
        <>
          {" · "}
          <Reference reference={deployment.reference} />
        </>
      ) : null}
      {" · by "}
      {deployment.deployedBy} on <DateTime date={deployment.deployedAt} />
    </p>
  );
}

function ActionForm(props: {
  detectionId: string;
  siem: Siem;
  back: string;
  action: "deploy" | "undeploy" | "acknowledge";
  children: React.ReactNode;
}) {
  return (
    <form
      method="post"
      action={`/api/detections/${encodeURIComponent(props.detectionId)}/deployments/${props.siem}`}
      className="flex flex-wrap items-end gap-2"
    >
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="back" value={props.back} />
      {props.children}
    </form>
  );
}

const buttonClass =
  "rounded border border-slate-400 px-2 py-1 text-sm hover:border-slate-600 dark:border-slate-500 dark:hover:border-slate-300";

/** Where the team runs this rule, per SIEM, and whether the library changed a deployed query since. */
export function DeploymentStatus({ detectionId, deployments, canChange, back, flash }: DeploymentStatusProps) {
  return (
    <div className="space-y-2">
      <FlashMessage flash={flash} />
      <ul className="space-y-3 text-sm">
        {SIEMS.map((siem) => {
          const label = siemLabel(siem);
          const deployment = deployments[siem];
          const changed = deployment?.changedSinceDeployed;
          return (
            <li key={siem} aria-label={label} className="space-y-1">
              {deployment ? <Deployed deployment={deployment} label={label} /> : <p>Not deployed to {label}.</p>}
              {changed ? (
                <div
                  role="note"
                  className="space-y-1 rounded border border-amber-300 bg-amber-50 p-2 dark:border-amber-800 dark:bg-amber-950"
                >
                  <p className="font-semibold text-amber-900 dark:text-amber-200">
                    Changed since deployed: the rule library changed the {label} query. Update the rule in {label}, then
                    acknowledge.
                  </p>
                  <pre
                    tabIndex={0}
                    aria-label={`What changed in the ${label} query`}
                    className="overflow-x-auto rounded bg-white p-2 text-xs dark:bg-slate-900"
                  >
                    {changed.diff.map((line, index) => (
                      <span key={index} className={`block ${DIFF_CLASSES[line.kind]}`}>
                        {DIFF_MARKS[line.kind]}
                        {line.text}
                      </span>
                    ))}
                  </pre>
                  {canChange ? (
                    <ActionForm detectionId={detectionId} siem={siem} back={back} action="acknowledge">
                      <button type="submit" className={buttonClass}>
                        Acknowledge the {label} change
                      </button>
                    </ActionForm>
                  ) : null}
                </div>
              ) : null}
              {canChange ? (
                deployment ? (
                  <ActionForm detectionId={detectionId} siem={siem} back={back} action="undeploy">
                    <button type="submit" className={buttonClass}>
                      Undeploy from {label}
                    </button>
                  </ActionForm>
                ) : (
                  <ActionForm detectionId={detectionId} siem={siem} back={back} action="deploy">
                    <label className="flex flex-col gap-0.5">
                      <span className="text-xs">{label} rule id or link (optional)</span>
                      <input
                        type="text"
                        name="reference"
                        maxLength={MAX_REFERENCE_URL_LENGTH}
                        className="rounded border border-slate-400 px-2 py-1 dark:border-slate-500 dark:bg-slate-900"
                      />
                    </label>
                    <button type="submit" className={buttonClass}>
                      Mark deployed to {label}
                    </button>
                  </ActionForm>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
