import fs from "node:fs/promises";
import path from "node:path";
import { createRandom, createZipfPicker, mixSeed, type Random } from "@/scripts/bench/support/seeded-random";
import { DAY_MS, toIsoDay } from "@/lib/utc-day";
import {
  ACTORS,
  ADJECTIVES,
  COMMON_TERMS,
  DEFENDER_ACTIONS,
  GOALS,
  LOG_QUERIES,
  PLATFORMS,
  SECTORS,
  SEVERITY_WEIGHTS,
  SOURCES,
  STEP_LABELS,
  TACTICS,
  TECHNIQUES,
  TOPICS,
  TYPE_WEIGHTS,
  VERBS,
  type PlatformTheme,
  type Theme,
} from "@/scripts/bench/support/security-vocabulary";

export type SyntheticFeedOptions = {
  items: number;
  seed: number;
  /** Index of the first item; items are numbered globally so several files never share a brief. */
  startIndex?: number;
  /** Share of the items (0–1) rewritten as a later edition of the same brief: same guid and link. */
  changedFraction?: number;
  /** Seed for the rewritten text; a different value gives a different edition. */
  changeSeed?: number;
};

type Severity = (typeof SEVERITY_WEIGHTS)[number][0];

/** What stays fixed between editions of a brief. */
type BriefSkeleton = {
  index: number;
  link: string;
  title: string;
  publishedAt: Date;
  severity: Severity;
  type: string;
  platforms: PlatformTheme[];
  tactics: Theme[];
  topics: Theme[];
};

type BriefText = { description: string; bodyHtml: string };

type WritingContext = { random: Random; terms: readonly string[]; platform: PlatformTheme; type: string };

const BRIEF_BASE_URL = "https://intel.example.org/briefs/";
/** Fixed, not "now": the same seed must give the same feed on any day. */
const NEWEST_DATE_MS = Date.UTC(2026, 3, 22, 18, 0, 0);
const PUBLISHED_SPAN_MS = 3 * 365 * DAY_MS;
const THEME_TERM_SHARE = 0.65;
const TECHNIQUE_SHARE = 0.3;
const SEVERITY_CHANGE_SHARE = 0.3;

// Independent streams per item, so changing how one part is written never reshuffles another.
const SKELETON_STREAM = 1;
const TEXT_STREAM = 2;
const EDITION_STREAM = 3;
const SELECTION_STREAM = 4;

const pickCommonTerm = createZipfPicker(COMMON_TERMS);

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function lowerFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}

function slugify(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function themesByWeight<T extends Theme>(themes: readonly T[]): (readonly [T, number])[] {
  return themes.map((theme) => [theme, theme.weight] as const);
}

function distinctWeighted<T extends Theme>(random: Random, themes: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < count) chosen.add(random.weighted(themesByWeight(themes)));
  return [...chosen];
}

function rfc822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

function buildTitle(random: Random, platform: PlatformTheme, theme: Theme, type: string): string {
  const subject = random.pick(theme.titles);
  switch (type) {
    case "detection":
      return `${platform.label} ${subject} Detected`;
    case "campaign":
      return `${random.pick(["Storm-0", "UNC", "TA"])}${random.int(100, 999)} Campaign Uses ${subject} Against ${capitalise(random.pick(SECTORS))} Sector`;
    case "vulnerability":
      return `${platform.label} ${random.pick(platform.components)} Vulnerability Enables ${subject} (CVE-${random.int(2023, 2026)}-${random.int(10000, 59999)})`;
    default:
      return `${subject} Targeting ${platform.label} ${random.pick(["Tenants", "Environments", "Accounts", "Administrators"])}`;
  }
}

function buildSkeleton(seed: number, index: number): BriefSkeleton {
  const random = createRandom(mixSeed(seed, index, SKELETON_STREAM));
  const platforms = distinctWeighted(random, PLATFORMS, random.int(1, 2));
  const tactics = distinctWeighted(
    random,
    TACTICS,
    random.weighted([
      [1, 45],
      [2, 35],
      [3, 20],
    ]),
  );
  const topics = distinctWeighted(
    random,
    TOPICS,
    random.weighted([
      [0, 30],
      [1, 50],
      [2, 20],
    ]),
  );
  const type = random.weighted(TYPE_WEIGHTS);
  const publishedAt = new Date(Math.floor((NEWEST_DATE_MS - random.next() * PUBLISHED_SPAN_MS) / 1000) * 1000);
  const title = buildTitle(random, platforms[0], topics[0] ?? tactics[0], type);
  // The index keeps slugs unique; the date and title make them read like a real feed's.
  const slug = `${toIsoDay(publishedAt)}-${slugify(title).split("-").slice(0, 6).join("-")}-${index.toString(36)}`;
  return {
    index,
    link: `${BRIEF_BASE_URL}${slug}/`,
    title,
    publishedAt,
    severity: random.weighted(SEVERITY_WEIGHTS),
    type,
    platforms,
    tactics,
    topics,
  };
}

function term(context: WritingContext): string {
  return context.random.chance(THEME_TERM_SHARE) ? context.random.pick(context.terms) : pickCommonTerm(context.random);
}

function actor(context: WritingContext): string {
  return context.random.pick(ACTORS);
}

function technique(context: WritingContext): string {
  const [id, name] = context.random.pick(TECHNIQUES);
  return `This behaviour maps to ATT&amp;CK technique ${id} (${name}).`;
}

const NARRATIVE_SENTENCES: readonly ((context: WritingContext) => string)[] = [
  (c) => `${actor(c)} ${c.random.pick(VERBS)} ${term(c)} in ${c.platform.label} to ${c.random.pick(GOALS)}.`,
  (c) =>
    `This ${c.type} covers ${c.random.pick(ADJECTIVES)} ${term(c)} seen in ${c.random.pick(SOURCES)}, often followed by ${term(c)}.`,
  (c) =>
    `Activity was observed against ${c.random.pick(SECTORS)} organisations, where ${lowerFirst(actor(c))} ${c.random.pick(VERBS)} ${term(c)} and ${term(c)}.`,
  (c) =>
    `Few teams baseline ${term(c)}, so ${lowerFirst(actor(c))} ${c.random.pick(VERBS)} ${term(c)} without raising an alert.`,
  (c) =>
    `${capitalise(c.random.pick(SOURCES))} show ${c.random.pick(ADJECTIVES)} ${term(c)} shortly before ${term(c)} changes.`,
  (c) => `The actor&rsquo;s infrastructure relies on ${term(c)} and ${term(c)}, rotated every few days.`,
];

const STEP_SENTENCES: readonly ((context: WritingContext) => string)[] = [
  (c) => `${actor(c)} ${c.random.pick(VERBS)} ${term(c)} using ${term(c)}.`,
  (c) => `${actor(c)} ${c.random.pick(VERBS)} ${term(c)} to ${c.random.pick(GOALS)}.`,
  (c) => `${capitalise(term(c))} shows ${c.random.pick(ADJECTIVES)} ${term(c)} from an unfamiliar location.`,
  (c) => `Requests arrive through ${term(c)}, blending in with legitimate ${term(c)}.`,
];

const IMPACT_SENTENCES: readonly ((context: WritingContext) => string)[] = [
  (c) =>
    `A successful attack lets ${lowerFirst(actor(c))} ${c.random.pick(GOALS)}, exposing ${term(c)} and ${term(c)}.`,
  (c) => `Organisations that rely on ${c.platform.label} for ${term(c)} risk business disruption and financial loss.`,
  (c) => `Compromised ${term(c)} can be reused to reach ${term(c)} across the environment.`,
  (c) => `Recovery often requires rotating ${term(c)} and rebuilding ${term(c)}.`,
];

function recommendation(context: WritingContext): string {
  const { random } = context;
  if (random.chance(0.1)) {
    return `Investigate alerts by pivoting to the raw logs with <code>${escapeXml(random.pick(LOG_QUERIES))}</code>.`;
  }
  const scope = random.pick([
    "for all privileged accounts",
    "across every tenant",
    "within 24 hours",
    "where the business allows it",
    "on internet-facing systems",
    "and review exceptions monthly",
  ]);
  return `${random.pick(DEFENDER_ACTIONS)} ${term(context)} ${scope}.`;
}

function sentences(
  context: WritingContext,
  templates: readonly ((context: WritingContext) => string)[],
  count: number,
): string {
  return Array.from({ length: count }, () => context.random.pick(templates)(context)).join(" ");
}

function attackChainSteps(context: WritingContext): string[] {
  const { random } = context;
  const labels = random
    .sample(STEP_LABELS, random.int(3, 9))
    .sort((a, b) => STEP_LABELS.indexOf(a) - STEP_LABELS.indexOf(b));
  return labels.map((label) => `<strong>${label}:</strong> ${sentences(context, STEP_SENTENCES, random.int(1, 3))}`);
}

function writeText(skeleton: BriefSkeleton, random: Random, updateNote: string | null): BriefText {
  const themes = [...skeleton.platforms, ...skeleton.tactics, ...skeleton.topics];
  const context: WritingContext = {
    random,
    terms: themes.flatMap((theme) => theme.terms),
    platform: skeleton.platforms[0],
    type: skeleton.type,
  };

  const intro = [
    updateNote,
    sentences(context, NARRATIVE_SENTENCES, random.int(2, 8)),
    random.chance(TECHNIQUE_SHARE) ? technique(context) : null,
  ];
  const bodyHtml = [
    `<p>${intro.filter(Boolean).join(" ")}</p>`,
    `<h2 id="attack-chain">Attack Chain</h2>`,
    `<ol>\n${attackChainSteps(context)
      .map((step) => `<li>${step}</li>`)
      .join("\n")}\n</ol>`,
    `<h2 id="impact">Impact</h2>`,
    `<p>${sentences(context, IMPACT_SENTENCES, random.int(2, 5))}</p>`,
    `<h2 id="recommendation">Recommendation</h2>`,
    `<ul>\n${Array.from({ length: random.int(2, 6) }, () => `<li>${recommendation(context)}</li>`).join("\n")}\n</ul>`,
  ].join("\n");

  const description = `${capitalise(random.pick(ADJECTIVES))} ${term(context)} involving ${term(context)} in ${context.platform.label} indicates ${lowerFirst(actor(context))} attempting to ${random.pick(GOALS)}.`;
  return { description, bodyHtml };
}

function differentSeverity(random: Random, current: Severity): Severity {
  return random.weighted(SEVERITY_WEIGHTS.filter(([severity]) => severity !== current));
}

/** A later edition: new wording (marked as an update so it always differs), sometimes a new severity. */
function editedBrief(skeleton: BriefSkeleton, changeSeed: number): { skeleton: BriefSkeleton; text: BriefText } {
  const random = createRandom(mixSeed(changeSeed, skeleton.index, EDITION_STREAM));
  const severity = random.chance(SEVERITY_CHANGE_SHARE)
    ? differentSeverity(random, skeleton.severity)
    : skeleton.severity;
  const note = `Update: new reporting from ${random.pick(SOURCES)} adds detail on this activity.`;
  return { skeleton: { ...skeleton, severity }, text: writeText(skeleton, random, note) };
}

function itemXml(skeleton: BriefSkeleton, text: BriefText): string {
  const categories = [
    `<category domain="severity">${skeleton.severity}</category>`,
    `<category domain="type">${skeleton.type}</category>`,
    ...[...skeleton.platforms, ...skeleton.tactics, ...skeleton.topics].map(
      (theme) => `<category>${theme.name}</category>`,
    ),
  ];
  return [
    `<item><title>${escapeXml(skeleton.title)}</title>`,
    `<link>${skeleton.link}</link>`,
    `<pubDate>${rfc822(skeleton.publishedAt)}</pubDate>`,
    `<guid isPermaLink="true">${skeleton.link}</guid>`,
    `<description>${escapeXml(text.description)}</description>`,
    `<content:encoded><![CDATA[${text.bodyHtml}]]></content:encoded>`,
    ...categories,
    `</item>`,
  ].join("");
}

/** Exactly round(items × fraction) positions, chosen by the change seed. */
function changedPositions(items: number, fraction: number, changeSeed: number): Set<number> {
  const count = Math.round(items * Math.min(1, Math.max(0, fraction)));
  if (count === 0) return new Set();
  const random = createRandom(mixSeed(changeSeed, items, SELECTION_STREAM));
  return new Set(
    random.sample(
      Array.from({ length: items }, (_, position) => position),
      count,
    ),
  );
}

function channelXml(seed: number, itemsXml: string[]): string {
  return [
    `<?xml version="1.0" encoding="utf-8" standalone="yes"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>`,
    `<title>Synthetic Threat Feed (seed ${seed})</title>`,
    `<link>https://intel.example.org/</link>`,
    `<description>Trending threats, MITRE ATT&amp;CK coverage, and detection metadata for benchmarks.</description>`,
    `<generator>threat-brief bench</generator><language>en</language>`,
    `<lastBuildDate>${rfc822(new Date(NEWEST_DATE_MS))}</lastBuildDate>`,
    `<atom:link href="https://intel.example.org/feed.xml" rel="self" type="application/rss+xml"/>`,
    ...itemsXml,
    `</channel></rss>`,
  ].join("\n");
}

/**
 * RSS 2.0 shaped like a real threat-brief feed, the same for the same options. Items are numbered
 * from `startIndex`; each item's content depends only on the seed and its number.
 */
export function generateSyntheticFeed(options: SyntheticFeedOptions): string {
  const { items, seed, startIndex = 0, changedFraction = 0 } = options;
  const changeSeed = options.changeSeed ?? mixSeed(seed, 0x5eed);
  const changed = changedPositions(items, changedFraction, changeSeed);

  const briefs = Array.from({ length: items }, (_, position) => {
    const skeleton = buildSkeleton(seed, startIndex + position);
    if (changed.has(position)) return editedBrief(skeleton, changeSeed);
    return { skeleton, text: writeText(skeleton, createRandom(mixSeed(seed, skeleton.index, TEXT_STREAM)), null) };
  });
  // Feeds list their newest briefs first.
  briefs.sort(
    (a, b) =>
      b.skeleton.publishedAt.getTime() - a.skeleton.publishedAt.getTime() || a.skeleton.index - b.skeleton.index,
  );
  return channelXml(
    seed,
    briefs.map(({ skeleton, text }) => itemXml(skeleton, text)),
  );
}

/** Splits `total` items over files of at most `perFile` items each; returns the paths in order. */
export async function writeSyntheticFeedFiles(
  dir: string,
  total: number,
  perFile: number,
  seed: number,
): Promise<string[]> {
  if (!Number.isInteger(perFile) || perFile < 1) throw new Error(`perFile must be a positive integer, got ${perFile}`);
  await fs.mkdir(dir, { recursive: true });
  const fileCount = Math.ceil(total / perFile);
  const digits = String(fileCount).length;
  const paths: string[] = [];
  for (let fileIndex = 0; fileIndex < fileCount; fileIndex += 1) {
    const startIndex = fileIndex * perFile;
    const file = path.join(dir, `synthetic-feed-${String(fileIndex + 1).padStart(digits, "0")}.xml`);
    await fs.writeFile(file, generateSyntheticFeed({ items: Math.min(perFile, total - startIndex), seed, startIndex }));
    paths.push(file);
  }
  return paths;
}
