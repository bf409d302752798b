import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { QueryTabs } from "@/components/detections/query-tabs";
import { DeploymentStatus } from "@/components/detections/deployment-status";
import { TriageChecklist } from "@/components/detections/triage-checklist";
import { TagChip } from "@/components/ui/tag-chip";
import { findTactic } from "@/lib/attack/tactics";
import { currentCaller } from "@/lib/auth/access";
import type { Flash } from "@/lib/auth/flash";
import { roleAtLeast } from "@/lib/auth/roles";
import { preferredSiem } from "@/lib/deployments/preferred-siem";
import { deploymentsForRule } from "@/lib/deployments/queries";
import { convertForEveryBackend } from "@/lib/detections/conversions";
import { highlightRule } from "@/lib/detections/highlight";
import type { DetectionView } from "@/lib/detections/queries";
import { RULE_LIBRARIES, isRuleLibraryName } from "@/lib/rule-libraries/rule-sources";

export type DetectionPanelProps = {
  detection: DetectionView;
  /** Ticks of the triage checklist are kept per brief (or per rule on its own page). */
  checklistKey: string;
  headingLevel: 2 | 3;
  /** The page this panel is on: its deployment forms return there. */
  back: string;
  /** What the last deployment form post did, shown on the rule it was about. */
  flash?: { rule: string; flash: Flash } | null;
};

const SOURCE_LABELS: Record<DetectionView["source"], string> = {
  bundled: "Bundled with this dashboard",
  "sigma-import": "Imported Sigma rule",
  "elastic-import": "Imported Elastic rule",
};
const retiredFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** Where the rule comes from, and under which licence, as its library publishes it. */
function Attribution({ detection }: { detection: DetectionView }) {
  const library = detection.origin && isRuleLibraryName(detection.origin) ? RULE_LIBRARIES[detection.origin] : null;
  return (
    <p className="text-xs text-slate-700 dark:text-slate-300">
      {library ? (
        <>
          Source:{" "}
          <a href={library.homepage} className="underline underline-offset-2" rel="noopener noreferrer">
            {library.label}
          </a>
          {detection.originPath ? ` (${detection.originPath})` : ""}
        </>
      ) : (
        SOURCE_LABELS[detection.source]
      )}
      {detection.license ? ` · Licence: ${detection.license}` : ""}
      {detection.author ? ` · Author: ${detection.author}` : ""}
    </p>
  );
}

/** A detection in full: rule text, a query per SIEM, triage checklist, false positives, attribution. */
export async function DetectionPanel({ detection, checklistKey, headingLevel, back, flash }: DetectionPanelProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  const [ruleHtml, conversions] = [
    await highlightRule(detection.ruleText, detection.ruleFormat),
    convertForEveryBackend(detection),
  ];
  const [deployments, caller] = await Promise.all([
    deploymentsForRule(detection, new Map(conversions.map(({ backend, query }) => [backend, query]))),
    currentCaller(),
  ]);
  // Forms are for signed-in analysts; the route checks the session and role again on every post.
  const canChange = caller.kind === "user" && roleAtLeast(caller.role, "analyst");
  const preferred = caller.kind === "user" ? await preferredSiem(caller.userId) : null;
  const extension = detection.ruleFormat === "sigma" ? "yml" : "toml";
  const chips = [
    ...detection.tactics.flatMap((slug) => {
      const tactic = findTactic(slug);
      return tactic ? [{ name: tactic.slug, kind: "tactic" as const, label: tactic.name }] : [];
    }),
    ...detection.techniques.map((id) => ({ name: id.toLowerCase(), kind: "technique" as const, label: id })),
  ];

  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="space-y-1">
        <Heading className="text-lg font-semibold">
          <Link href={`/detections/${detection.id}`} className="hover:underline">
            {detection.title}
          </Link>
        </Heading>
        <p className="text-sm">
          Level: <strong>{detection.level ?? "not set"}</strong> · Log source:{" "}
          {[detection.logsource.product, detection.logsource.service ?? detection.logsource.category]
            .filter(Boolean)
            .join(" / ") || "not set"}{" "}
          · Status: {detection.status ?? "not set"}
        </p>
        {detection.retiredAt ? (
          <p className="text-sm font-semibold text-amber-800 dark:text-amber-300">
            Retired: no longer in its library since {retiredFormat.format(detection.retiredAt)}. Kept for reference; no
            brief is linked to it.
          </p>
        ) : null}
        {detection.description ? <p className="text-sm">{detection.description}</p> : null}
        {chips.length ? (
          <ul aria-label="ATT&CK" className="flex flex-wrap gap-1.5">
            {chips.map((chip) => (
              <li key={chip.name}>
                <TagChip tag={chip} />
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <section aria-label="SIEM queries" className="space-y-2">
        <Sub className="font-semibold">Queries</Sub>
        <QueryTabs tabs={conversions} preferred={preferred} signedIn={caller.kind === "user"} />
      </section>

      <section aria-label="Deployment" id={`deployments-${detection.id}`} className="space-y-2">
        <Sub className="font-semibold">Deployed</Sub>
        <DeploymentStatus
          detectionId={detection.id}
          deployments={deployments}
          canChange={canChange}
          back={back}
          flash={flash?.rule === detection.id ? flash.flash : null}
        />
      </section>

      <section aria-label="Triage steps" className="space-y-2">
        <Sub className="font-semibold">Triage</Sub>
        {detection.triage.length ? (
          <TriageChecklist steps={detection.triage} storageKey={checklistKey} />
        ) : (
          <p className="text-sm">This rule carries no triage steps.</p>
        )}
      </section>

      {detection.falsePositives.length ? (
        <section aria-label="False positives" className="space-y-1">
          <Sub className="font-semibold">False positives</Sub>
          <ul className="list-disc pl-5 text-sm">
            {detection.falsePositives.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {/* The rule file is long and read last: folded, so the queries, triage steps and false positives come first. */}
      <section aria-label={`${detection.ruleFormat === "sigma" ? "Sigma" : "Elastic"} rule`} className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Sub className="font-semibold">{detection.ruleFormat === "sigma" ? "Sigma rule" : "Elastic rule"}</Sub>
          <div className="flex flex-wrap items-center gap-2">
            <CopyButton text={detection.ruleText} label="Copy rule" />
            <a
              href={`/detections/${detection.id}/rule`}
              download
              className="rounded border border-slate-400 px-2 py-1 text-sm hover:border-slate-600 dark:border-slate-500"
            >
              Download .{extension}
            </a>
          </div>
        </div>
        <details className="rounded border border-slate-200 p-2 dark:border-slate-800">
          <summary className="cursor-pointer text-sm">Show the rule file</summary>
          {/* Shiki escapes the rule text it wraps. Focusable so a keyboard can scroll long lines. */}
          <div
            className="rule-code mt-2"
            tabIndex={0}
            role="region"
            aria-label="Rule text"
            dangerouslySetInnerHTML={{ __html: ruleHtml }}
          />
        </details>
      </section>

      <Attribution detection={detection} />
    </div>
  );
}
