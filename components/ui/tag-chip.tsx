import Link from "next/link";
import { techniqueInfo, techniqueLabel } from "@/lib/attack/catalog";
import { findTactic, tacticUrl } from "@/lib/attack/tactics";
import { techniqueUrl } from "@/lib/attack/techniques";
import { briefListHref } from "@/lib/briefs/list-href";
import type { BriefTagView } from "@/lib/briefs/queries";

export type TagChipProps = { tag: BriefTagView };

const KIND_STYLES: Record<BriefTagView["kind"], string> = {
  tactic: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
  technique: "border-rose-300 bg-white text-rose-900 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-100",
  platform:
    "border-indigo-300 bg-indigo-50 text-indigo-900 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-100",
  topic: "border-slate-300 bg-white text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-200",
};

const KIND_LABELS: Record<BriefTagView["kind"], string> = {
  tactic: "ATT&CK tactic",
  technique: "ATT&CK technique",
  platform: "Platform",
  topic: "Topic",
};

/**
 * A tag as a chip whose name filters the list by it. ATT&CK tactics and techniques also carry
 * their ID, linking to the technique's or tactic's page on attack.mitre.org; a technique reads
 * with its ATT&CK name, and says so when ATT&CK revoked or deprecated it.
 */
export function TagChip({ tag }: TagChipProps) {
  const tactic = tag.kind === "tactic" ? findTactic(tag.name) : undefined;
  const technique = tag.kind === "technique" ? techniqueInfo(tag.label) : undefined;
  const label = technique ? techniqueLabel(technique.id) : tag.label;
  const filterHref = tactic ? briefListHref({ tactic: [tactic.slug] }) : briefListHref({ tag: [tag.name] });
  const attack = tactic
    ? { id: tactic.id, url: tacticUrl(tactic) }
    : technique && technique.status !== "unknown"
      ? { id: technique.id, url: techniqueUrl(technique.id) }
      : null;
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs ${KIND_STYLES[tag.kind]}`}>
      <Link
        href={filterHref}
        className="hover:underline"
        title={`Show briefs with ${KIND_LABELS[tag.kind].toLowerCase()} ${label}`}
      >
        <span className="sr-only">{KIND_LABELS[tag.kind]}: </span>
        {label}
      </Link>
      {attack ? " " : null}
      {attack ? (
        // At least 24 × 24 px to tap (WCAG 2.5.8); negative margins keep the chip's height and,
        // around the narrow ↗, its right padding.
        <a
          href={attack.url}
          target="_blank"
          rel="noopener noreferrer"
          className={`-my-1 min-w-6 py-1 text-center font-mono underline-offset-2 hover:underline${tactic ? "" : " -mr-2"}`}
          title={`${label} on MITRE ATT&CK`}
        >
          {tactic ? (
            <>
              <span aria-hidden="true">· </span>
              {attack.id}
              <span className="sr-only"> on MITRE ATT&CK</span>
            </>
          ) : (
            <>
              <span aria-hidden="true">↗</span>
              <span className="sr-only">{attack.id} on MITRE ATT&CK</span>
            </>
          )}
        </a>
      ) : null}
    </span>
  );
}
