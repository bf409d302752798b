import { briefListHref, feedHrefs } from "@/lib/briefs/list-href";
import type { BriefListParams } from "@/lib/briefs/validations";

export type SubscribeLinksProps = {
  params: BriefListParams;
  /** The team's export of the view (/triage.csv): for readers of the team's decisions only. */
  withTriageExport?: boolean;
};

/** The view as a feed a reader can follow: new briefs that match arrive without coming back to look. */
export function SubscribeLinks({ params, withTriageExport = false }: SubscribeLinksProps) {
  const feeds = feedHrefs(params);
  const link = "rounded border border-slate-400 px-2 py-0.5 hover:border-slate-700 dark:border-slate-500";
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm">
      <span className="font-medium">Subscribe to this view:</span>
      <a href={feeds.rss} className={link} type="application/rss+xml">
        RSS
      </a>
      <a href={feeds.json} className={link} type="application/feed+json">
        JSON Feed
      </a>
      {withTriageExport ? (
        <a href={briefListHref({ ...params, page: 1 }, "/triage.csv")} className={link} type="text/csv" download>
          Triage CSV
        </a>
      ) : null}
    </p>
  );
}
