import { feedHrefs } from "@/lib/briefs/list-href";
import type { BriefListParams } from "@/lib/briefs/validations";

export type SubscribeLinksProps = { params: BriefListParams };

/** The view as a feed a reader can follow: new briefs that match arrive without coming back to look. */
export function SubscribeLinks({ params }: SubscribeLinksProps) {
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
    </p>
  );
}
