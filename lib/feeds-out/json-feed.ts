import { severityLabel, type FeedDocument } from "@/lib/feeds-out/feed-document";

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1); severity and tactics also as tags a reader shows. */
export function renderJsonFeed(feed: FeedDocument): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.jsonUrl,
    description: feed.description,
    language: "en",
    items: feed.items.map((entry) => ({
      id: entry.id,
      url: entry.url,
      ...(entry.externalUrl ? { external_url: entry.externalUrl } : {}),
      title: entry.title,
      content_html: entry.contentHtml,
      summary: entry.summary,
      date_published: entry.published.toISOString(),
      date_modified: entry.modified.toISOString(),
      tags: [severityLabel(entry), ...entry.tactics.map((tactic) => tactic.name)],
      // An extension (JSON Feed allows keys starting with "_") for programs that want the values themselves.
      _threat_briefs: {
        severity: entry.severity,
        type: entry.type,
        tactics: entry.tactics.map((tactic) => tactic.slug),
      },
    })),
  });
}
