import { findTactic } from "@/lib/attack/tactics";
import { briefHref, briefListHref, feedHrefs } from "@/lib/briefs/list-href";
import type { FeedBriefView } from "@/lib/briefs/queries";
import { SEVERITY_LABELS } from "@/lib/briefs/severity";
import { describeFilters, type BriefListParams } from "@/lib/briefs/validations";

/** A list view as a feed, in the terms both RSS and JSON Feed use, every link absolute. */
export type FeedDocument = {
  title: string;
  description: string;
  /** The list page the feed follows. */
  homeUrl: string;
  rssUrl: string;
  jsonUrl: string;
  items: FeedEntry[];
};

export type FeedEntry = {
  /** Stable across edits, hosts and renames: the brief's own id. */
  id: string;
  url: string;
  /** The publisher's page, when the brief has one. */
  externalUrl: string | null;
  title: string;
  summary: string;
  /** Sanitized at ingest. */
  contentHtml: string;
  published: Date;
  modified: Date;
  severity: FeedBriefView["severity"];
  type: string | null;
  tactics: { slug: string; name: string }[];
};

export const SITE_NAME = "Threat Briefs";

export function feedEntryId(briefId: string): string {
  return `threat-briefs:brief:${briefId}`;
}

/** The feed of a list view: its first briefs in its order, titled as the page is. */
export function feedDocument(
  briefs: readonly FeedBriefView[],
  params: BriefListParams,
  origin: URL,
  tagLabels: Record<string, string>,
): FeedDocument {
  const absolute = (href: string) => new URL(href, origin).href;
  const homeUrl = absolute(briefListHref({ ...params, page: 1 }));
  const feeds = feedHrefs(params);
  const described = describeFilters(params, tagLabels);
  return {
    title: `${described} — ${SITE_NAME}`,
    description: `${described}: the first ${briefs.length === 1 ? "brief" : `${briefs.length} briefs`} of ${homeUrl}, as that page lists them.`,
    homeUrl,
    rssUrl: absolute(feeds.rss),
    jsonUrl: absolute(feeds.json),
    items: briefs.map((brief) => ({
      id: feedEntryId(brief.id),
      url: new URL(briefHref(brief.slug), origin).href,
      externalUrl: brief.link,
      title: brief.title,
      summary: brief.summary,
      contentHtml: brief.bodyHtml,
      published: brief.publishedAt ?? brief.firstSeenAt,
      modified: brief.updatedAt,
      severity: brief.severity,
      type: brief.type,
      tactics: brief.tags
        .filter((tag) => tag.kind === "tactic")
        .map((tag) => ({ slug: tag.name, name: findTactic(tag.name)?.name ?? tag.label })),
    })),
  };
}

export function severityLabel(entry: FeedEntry): string {
  return `${SEVERITY_LABELS[entry.severity]} severity`;
}
