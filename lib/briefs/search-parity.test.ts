import { beforeAll, describe, expect, it } from "vitest";
import { listBriefs } from "@/lib/briefs/queries";
import { parseBriefListParams } from "@/lib/briefs/validations";
import { db, provider } from "@/lib/db";

/**
 * One corpus, one set of expected answers, on whichever database the run uses (TEST_DATABASE_URL):
 * passing on both runs shows that SQLite's FTS5 search and PostgreSQL's text search return the
 * same briefs, stemming, prefixes and punctuation included, and that the list orders alike.
 */

type CorpusBrief = {
  slug: string;
  title: string;
  summary: string;
  bodyText: string;
  severity: string;
  publishedAt: string | null;
};

const CORPUS: CorpusBrief[] = [
  {
    slug: "sprayed-logins",
    severity: "high",
    publishedAt: "2025-03-10T08:00:00Z",
    title: "Password spray against the VPN",
    summary: "Attackers sprayed one password across thousands of accounts.",
    bodyText: "Mapped to T1110.003 (Password Spraying). Lock out after five failures.",
  },
  {
    slug: "sprays-nightly",
    severity: "medium",
    publishedAt: "2025-03-09T08:00:00Z",
    title: "Botnet sprays the login portal nightly",
    summary: "Low-and-slow attempts from residential proxies.",
    bodyText: "Each source tries three accounts an hour.",
  },
  {
    slug: "spreadsheet-macros",
    severity: "low",
    publishedAt: "2025-03-08T08:00:00Z",
    title: "Spreadsheet macros spread through shared drives",
    summary: "A macro copies itself into every workbook it opens.",
    bodyText: "Block macros from the internet by policy.",
  },
  {
    slug: "reset-abuse",
    severity: "critical",
    publishedAt: "2025-03-07T08:00:00Z",
    title: "Helpdesk reset abuse",
    summary: "Callers impersonate staff to get passwords reset.",
    bodyText: "Verify callers out of band before any reset.",
  },
  {
    slug: "passport-scans",
    severity: "medium",
    publishedAt: "2025-03-06T08:00:00Z",
    title: "Passport scans exposed in a public bucket",
    summary: "An HR export sat in storage without access control.",
    bodyText: "Guessing T1110.001 is not involved here; the bucket was open.",
  },
  {
    slug: "token-theft",
    severity: "critical",
    publishedAt: "2025-03-05T08:00:00Z",
    title: "Session token theft through a reverse proxy",
    summary: "Adversary-in-the-middle kits replay stolen cookies.",
    bodyText: "The proxy sits near the victim's sign-in page.",
  },
  {
    slug: "token-lifetime",
    severity: "info",
    publishedAt: "2025-03-04T08:00:00Z",
    title: "Refresh token lifetime policy changed",
    summary: "Tenants get shorter defaults.",
    bodyText: "Review conditional access settings.",
  },
  {
    slug: "laptop-theft",
    severity: "low",
    publishedAt: "2025-03-03T08:00:00Z",
    title: "Laptop theft from a parked car",
    summary: "Disk encryption kept the data safe.",
    bodyText: "Report lost devices at once.",
  },
  {
    slug: "cafe-wifi",
    severity: "high",
    publishedAt: null,
    title: "Rogue café Wi-Fi harvests credentials",
    summary: "A captive portal asks for corporate sign-in.",
    bodyText: "Résumé-themed lures arrive the same week.",
  },
  {
    slug: "undated-advisory",
    severity: "high",
    publishedAt: null,
    title: "Advisory without a date",
    summary: "Its feed gave no publication date.",
    bodyText: "Nothing else to say.",
  },
];

/** Two briefs published at the same instant: the list breaks the tie by id, newest-first order descending. */
const SAME_INSTANT = "2025-03-10T08:00:00Z";

beforeAll(async () => {
  await db.brief.createMany({
    data: CORPUS.map((brief, index) => ({
      id: `parity-${String(index).padStart(2, "0")}`,
      identity: `https://briefs.test/${brief.slug}`,
      slug: brief.slug,
      severity: brief.severity,
      publishedAt: brief.publishedAt === null ? null : new Date(brief.publishedAt),
      contentHash: brief.slug,
      title: brief.title,
      summary: brief.summary,
      summaryHtml: `<p>${brief.summary}</p>`,
      attackChain: [],
      recommendations: [],
      bodyHtml: `<p>${brief.bodyText}</p>`,
      bodyText: brief.bodyText,
    })),
  });
});

async function search(q: string, sort?: string): Promise<string[]> {
  const result = await listBriefs(parseBriefListParams(sort ? { q, sort } : { q }));
  return result.briefs.map((brief) => brief.slug);
}

async function listed(query: Record<string, string>): Promise<string[]> {
  return (await listBriefs(parseBriefListParams(query))).briefs.map((brief) => brief.slug);
}

describe(`search on ${provider}`, () => {
  it("matches other forms of a word by its stem", async () => {
    expect(await search("spraying")).toEqual(["sprayed-logins", "sprays-nightly"]);
    expect(await search("sprayed accounts")).toEqual(["sprayed-logins", "sprays-nightly"]);
    expect(await search("spraying password")).toEqual(["sprayed-logins"]);
  });

  it("takes the last word as a prefix, and only the last", async () => {
    expect(await search("passw")).toEqual(["sprayed-logins", "reset-abuse"]);
    expect(await search("spray passw")).toEqual(["sprayed-logins"]);
    expect(await search("passw spray")).toEqual([]);
    expect(await search("tok")).toEqual(["token-theft", "token-lifetime"]);
  });

  it("requires every word", async () => {
    expect(await search("token theft")).toEqual(["token-theft"]);
    expect(await search("theft token")).toEqual(["token-theft"]);
    expect(await search("TOKEN THEFT")).toEqual(["token-theft"]);
    expect(await search("laptop token")).toEqual([]);
  });

  it("treats quotes, operators and other query syntax a person types as word separators", async () => {
    expect(await search('"theft token"')).toEqual(["token-theft"]);
    expect(await search("token & theft")).toEqual(["token-theft"]);
    expect(await search("token | laptop")).toEqual([]);
    expect(await search("token OR laptop")).toEqual([]);
    expect(await search("!token theft")).toEqual(["token-theft"]);
    expect(await search("-token theft")).toEqual(["token-theft"]);
    expect(await search("tok:* theft")).toEqual([]);
    expect(await search("(token")).toEqual(["token-theft", "token-lifetime"]);
    expect(await search("token*")).toEqual(["token-theft", "token-lifetime"]);
    expect(await search("laptop NEAR theft")).toEqual([]);
    expect(await search("token NEAR theft")).toEqual(["token-theft"]);
    expect(await search("laptop AND theft")).toEqual([]);
    expect(await search("victim's")).toEqual(["token-theft"]);
    expect(await search("***")).toEqual([]);
    expect(await search("'")).toEqual([]);
  });

  it("finds ATT&CK technique IDs, a sub-technique only where it is cited", async () => {
    expect(await search("T1110.003")).toEqual(["sprayed-logins"]);
    expect(await search("t1110")).toEqual(["sprayed-logins", "passport-scans"]);
    expect(await search("T1110.001")).toEqual(["passport-scans"]);
  });

  it("ignores accents and splits hyphenated words", async () => {
    expect(await search("cafe")).toEqual(["cafe-wifi"]);
    expect(await search("CAFÉ")).toEqual(["cafe-wifi"]);
    expect(await search("resume lures")).toEqual(["cafe-wifi"]);
    expect(await search("wi-fi")).toEqual(["cafe-wifi"]);
    expect(await search("adversary in the middle")).toEqual(["token-theft"]);
  });

  it("keeps the list's order and filters around a search", async () => {
    expect(await search("passw", "oldest")).toEqual(["reset-abuse", "sprayed-logins"]);
    expect(await search("passw", "severity")).toEqual(["reset-abuse", "sprayed-logins"]);
    expect((await listBriefs(parseBriefListParams({ q: "token", severity: "critical" }))).total).toBe(1);
  });
});

describe(`list order on ${provider}`, () => {
  it("puts undated briefs last, newest or oldest first, and breaks ties by id", async () => {
    await db.brief.update({ where: { slug: "sprays-nightly" }, data: { publishedAt: new Date(SAME_INSTANT) } });
    try {
      expect(await listed({})).toEqual([
        "sprays-nightly",
        "sprayed-logins",
        "spreadsheet-macros",
        "reset-abuse",
        "passport-scans",
        "token-theft",
        "token-lifetime",
        "laptop-theft",
        "undated-advisory",
        "cafe-wifi",
      ]);
      expect(await listed({ sort: "oldest" })).toEqual([
        "laptop-theft",
        "token-lifetime",
        "token-theft",
        "passport-scans",
        "reset-abuse",
        "spreadsheet-macros",
        "sprayed-logins",
        "sprays-nightly",
        "cafe-wifi",
        "undated-advisory",
      ]);
      expect(await listed({ sort: "severity" })).toEqual([
        "reset-abuse",
        "token-theft",
        "sprayed-logins",
        "undated-advisory",
        "cafe-wifi",
        "sprays-nightly",
        "passport-scans",
        "spreadsheet-macros",
        "laptop-theft",
        "token-lifetime",
      ]);
    } finally {
      await db.brief.update({
        where: { slug: "sprays-nightly" },
        data: { publishedAt: new Date("2025-03-09T08:00:00Z") },
      });
    }
  });
});
