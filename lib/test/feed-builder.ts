/** Builds RSS 2.0 documents shaped like a threat-brief feed, for tests that need their own feeds. */
export type TestItem = {
  title?: string;
  link?: string;
  guid?: string;
  pubDate?: string;
  description?: string;
  body?: string;
  severity?: string;
  type?: string;
  tags?: string[];
  /** Raw XML appended inside <item>, for shapes the other fields cannot express. */
  extraXml?: string;
};

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function briefBody(options: {
  intro: string;
  steps: string[];
  impact: string;
  recommendations: string[];
}): string {
  return [
    `<p>${options.intro}</p>`,
    `<h2 id="attack-chain">Attack Chain</h2>`,
    `<ol>${options.steps.map((step) => `<li>${step}</li>`).join("")}</ol>`,
    `<h2 id="impact">Impact</h2>`,
    `<p>${options.impact}</p>`,
    `<h2 id="recommendation">Recommendation</h2>`,
    `<ul>${options.recommendations.map((step) => `<li>${step}</li>`).join("")}</ul>`,
  ].join("\n");
}

export function buildItem(item: TestItem): string {
  const parts = ["<item>"];
  if (item.title !== undefined) parts.push(`<title>${escapeXml(item.title)}</title>`);
  if (item.link !== undefined) parts.push(`<link>${escapeXml(item.link)}</link>`);
  if (item.pubDate !== undefined) parts.push(`<pubDate>${item.pubDate}</pubDate>`);
  if (item.guid !== undefined) parts.push(`<guid isPermaLink="false">${escapeXml(item.guid)}</guid>`);
  if (item.description !== undefined) parts.push(`<description>${escapeXml(item.description)}</description>`);
  if (item.body !== undefined) parts.push(`<content:encoded><![CDATA[${item.body}]]></content:encoded>`);
  if (item.severity !== undefined) parts.push(`<category domain="severity">${escapeXml(item.severity)}</category>`);
  if (item.type !== undefined) parts.push(`<category domain="type">${escapeXml(item.type)}</category>`);
  for (const tag of item.tags ?? []) parts.push(`<category>${escapeXml(tag)}</category>`);
  if (item.extraXml) parts.push(item.extraXml);
  parts.push("</item>");
  return parts.join("");
}

export function buildFeed(items: TestItem[], options: { title?: string; link?: string } = {}): string {
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>`,
    `<title>${escapeXml(options.title ?? "Test Threat Feed")}</title>`,
    `<link>${escapeXml(options.link ?? "https://intel.example.org/")}</link>`,
    `<description>Briefs for tests</description>`,
    ...items.map(buildItem),
    `</channel></rss>`,
  ].join("\n");
}

/** A complete brief item with sensible defaults; override what a test cares about. */
export function sampleItem(slug: string, overrides: Partial<TestItem> = {}): TestItem {
  return {
    title: `Brief ${slug}`,
    link: `https://intel.example.org/briefs/${slug}/`,
    guid: `https://intel.example.org/briefs/${slug}/`,
    pubDate: "Mon, 06 May 2024 10:00:00 +0000",
    description: `Summary of ${slug}.`,
    body: briefBody({
      intro: `Narrative of ${slug}.`,
      steps: [`<strong>Step one:</strong> ${slug} begins.`, `<strong>Step two:</strong> ${slug} continues.`],
      impact: `Impact of ${slug}.`,
      recommendations: [`Patch ${slug}.`, `Monitor ${slug}.`],
    }),
    severity: "high",
    type: "advisory",
    tags: ["azure", "entra_id", "credential_access"],
    ...overrides,
  };
}
