import { findTactic } from "@/lib/attack/tactics";
import type { BriefTagView } from "@/lib/briefs/queries";

export type TagChipProps = { tag: BriefTagView };

const KIND_STYLES: Record<BriefTagView["kind"], string> = {
  tactic: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
  platform: "border-indigo-300 bg-indigo-50 text-indigo-900 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-100",
  topic: "border-slate-300 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200",
};

const KIND_LABELS: Record<BriefTagView["kind"], string> = { tactic: "ATT&CK tactic", platform: "Platform", topic: "Topic" };

/** A tag; an ATT&CK tactic shows its ID beside its name, as analysts cite it. */
export function TagChip({ tag }: TagChipProps) {
  const tactic = tag.kind === "tactic" ? findTactic(tag.name) : undefined;
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs ${KIND_STYLES[tag.kind]}`} title={KIND_LABELS[tag.kind]}>
      <span className="sr-only">{KIND_LABELS[tag.kind]}: </span>
      {tag.label}
      {tactic ? <span className="font-mono opacity-80"> · {tactic.id}</span> : null}
    </span>
  );
}
