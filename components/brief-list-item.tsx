import Link from "next/link";
import { FormattedDate } from "@/components/ui/formatted-date";
import { SeverityBadge } from "@/components/ui/severity-badge";
import { TagChip } from "@/components/ui/tag-chip";
import { briefHref } from "@/lib/briefs/list-href";
import type { BriefSummaryView } from "@/lib/briefs/queries";
import { TRIAGE_STATE_LABELS, type TriageState } from "@/lib/briefs/triage-states";

export type BriefListItemProps = {
  brief: BriefSummaryView;
  headingLevel?: 2 | 3;
  /** The team's state and owner, for readers who may see them; absent for everyone else. */
  triage?: { state: TriageState; assignee: string | null; updatedSinceDecision?: boolean };
  /** A checkbox that selects the row for the bulk form with this id (analysts only); its value names the brief. */
  selection?: { form: string; value: string };
};

export function BriefListItem({ brief, headingLevel = 2, triage, selection }: BriefListItemProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  // A row shows what a reader scans for: tactics, techniques and platforms; topics wait on the page.
  const chips = brief.tags.filter((tag) => tag.kind !== "topic");
  return (
    <li className="border-b border-slate-200 py-4 last:border-0 dark:border-slate-800">
      <article className="space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          {selection ? (
            <input
              type="checkbox"
              name="brief"
              form={selection.form}
              value={selection.value}
              aria-label={`Select ${brief.title}`}
              className="size-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            />
          ) : null}
          <SeverityBadge severity={brief.severity} />
          <FormattedDate date={brief.publishedAt} />
          {brief.type ? <span className="capitalize">· {brief.type}</span> : null}
          {triage ? (
            <span data-testid="row-triage">
              · {TRIAGE_STATE_LABELS[triage.state]} · {triage.assignee ?? "nobody"}
            </span>
          ) : null}
          {triage?.updatedSinceDecision ? (
            <span
              data-testid="row-updated-since-decision"
              className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"
            >
              updated since the decision
            </span>
          ) : null}
        </div>
        <Heading className="text-lg font-semibold leading-snug">
          <Link href={briefHref(brief.slug)} className="hover:underline focus-visible:underline">
            {brief.title}
          </Link>
        </Heading>
        <p className="line-clamp-2 text-sm text-slate-700 dark:text-slate-300">{brief.summary}</p>
        {chips.length ? (
          <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
            {chips.map((tag) => (
              <li key={tag.name}>
                <TagChip tag={tag} />
              </li>
            ))}
          </ul>
        ) : null}
      </article>
    </li>
  );
}
