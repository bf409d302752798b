import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DomUtils, parseDocument } from "htmlparser2";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listBriefs } from "@/lib/briefs/queries";
import { db } from "@/lib/db";
import { parseBriefListParams, searchParamsRecord } from "@/lib/briefs/validations";
import { XSS_PAYLOADS } from "@/lib/feed/fixtures/xss-payloads";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { feedResponse, type FeedFormat } from "@/lib/feeds-out/respond";
import { buildFeed, sampleItem, type TestItem } from "@/lib/test/feed-builder";
import { changeTriage } from "@/lib/triage/store";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "feeds-out-"));
const SEVERITIES = ["critical", "high", "medium", "low", "info"];
const TACTICS = ["persistence", "credential_access", "initial_access", "discovery"];

/** 130 briefs over 65 days, two a day (so the list's tie-break on id is exercised), varied severity and tactic. */
function catalogue(): TestItem[] {
  return Array.from({ length: 130 }, (_, index) => {
    const day = new Date(Date.UTC(2026, 0, 1 + Math.floor(index / 2), 9));
    return sampleItem(`brief-${String(index).padStart(3, "0")}`, {
      severity: SEVERITIES[index % SEVERITIES.length],
      tags: ["entra_id", TACTICS[index % TACTICS.length]],
      pubDate: day.toUTCString(),
      description: index % 7 === 0 ? `Token theft campaign ${index}.` : `Summary ${index}.`,
    });
  });
}

const hostile = sampleItem("hostile", {
  title: "<script>alert('title')</script> & friends",
  description: "<img src=x onerror=alert(1)> summary",
  severity: "critical",
  pubDate: "Fri, 01 Jan 2027 00:00:00 +0000",
  body: `<p>Payloads follow.</p>${XSS_PAYLOADS.map((payload) => payload.html).join("\n")}`,
});

beforeAll(async () => {
  delete process.env.SITE_URL;
  const file = path.join(directory, "catalogue.xml");
  fs.writeFileSync(file, buildFeed([...catalogue(), hostile]));
  expect(await ingestFeed({ kind: "file", path: file }, { trigger: "cli" })).toMatchObject({
    status: "ok",
    created: 131,
  });
});

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function request(format: FeedFormat, query: string, headers: Record<string, string> = {}): Promise<Response> {
  const pathname = format === "rss" ? "/rss.xml" : "/feed.json";
  return feedResponse(
    format,
    new URL(`http://127.0.0.1:3000${pathname}${query}`),
    new Headers({ host: "briefs.test", ...headers }),
  );
}

/** The slugs the list page shows for a query, pages 1 to 3, cut at 50. */
async function pageSlugs(query: string): Promise<string[]> {
  const slugs: string[] = [];
  for (let page = 1; page <= 3; page += 1) {
    const record = { ...searchParamsRecord(query.replace(/^\?/, "")), page: String(page) };
    slugs.push(...(await listBriefs(parseBriefListParams(record))).briefs.map((brief) => brief.slug));
  }
  return slugs.slice(0, 50);
}

const slugOf = (url: string | undefined) => new URL(url!).pathname.replace("/briefs/", "");

describe("feeds out", () => {
  it.each([
    "",
    "?severity=high,critical",
    "?tactic=persistence&sort=oldest",
    "?q=token",
    "?severity=low,info&sort=severity",
    "?tag=entra_id&page=3",
    "?severity=unknown",
  ])("hold exactly the briefs the list page shows for %s: the first 50, in the same order", async (query) => {
    const expected = await pageSlugs(query);
    const rss = await new Parser().parseString(await (await request("rss", query)).text());
    const json = await (await request("json", query)).json();
    expect(rss.items.map((item) => slugOf(item.link))).toEqual(expected);
    expect(json.items.map((item: { url: string }) => slugOf(item.url))).toEqual(expected);
  });

  it("is RSS 2.0 that rss-parser reads, with absolute links, a stable guid, dates, severity and tactics as categories, summary and body", async () => {
    const response = await request("rss", "?severity=critical&tactic=persistence");
    expect(response.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const parser = new Parser<Record<string, never>, { "content:encoded": string }>();
    const feed = await parser.parseString(await response.text());
    expect(feed.title).toBe("Critical briefs — Persistence — Threat Briefs");
    expect(feed.link).toBe("http://briefs.test/?severity=critical&tactic=persistence");
    const item = feed.items.find((entry) => entry.link === "http://briefs.test/briefs/brief-120")!;
    expect(item).toMatchObject({
      title: "Brief brief-120",
      guid: expect.stringMatching(/^threat-briefs:brief:[0-9a-f-]{36}$/),
      pubDate: "Mon, 02 Mar 2026 09:00:00 GMT",
      categories: [
        { _: "critical", $: { domain: "severity" } },
        { _: "advisory", $: { domain: "type" } },
        { _: "Persistence", $: { domain: "tactic" } },
      ],
      content: "Summary 120.",
    });
    // The body exactly as stored: sanitized at ingest, unescaped once by the reader.
    expect(item["content:encoded"]).toBe((await db.brief.findUniqueOrThrow({ where: { slug: "brief-120" } })).bodyHtml);
    expect(item["content:encoded"]).toContain("<h2>Attack Chain</h2>");
    // The guid is the brief's, whatever host or filter the feed was asked through.
    const other = await parser.parseString(await (await request("rss", "", { host: "elsewhere.test" })).text());
    expect(other.items.find((entry) => entry.link === "http://elsewhere.test/briefs/brief-120")?.guid).toBe(item.guid);
  });

  it("is a JSON Feed 1.1 with every required field, and links from SITE_URL when it is set", async () => {
    process.env.SITE_URL = "https://briefs.example.org";
    try {
      const response = await request("json", "?severity=high");
      expect(response.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
      const feed = await response.json();
      expect(feed).toMatchObject({
        version: "https://jsonfeed.org/version/1.1",
        title: "High briefs — Threat Briefs",
        home_page_url: "https://briefs.example.org/?severity=high",
        feed_url: "https://briefs.example.org/feed.json?severity=high",
      });
      expect(feed.items.length).toBeGreaterThan(0);
      for (const item of feed.items) {
        expect(typeof item.id).toBe("string");
        expect(item.content_html ?? item.content_text).toEqual(expect.any(String));
        expect(item.url).toMatch(/^https:\/\/briefs\.example\.org\/briefs\//);
        expect(new Date(item.date_published).toISOString()).toBe(item.date_published);
        expect(item.tags[0]).toBe("High severity");
        expect(item._threat_briefs.severity).toBe("high");
      }
    } finally {
      delete process.env.SITE_URL;
    }
  });

  it("answers a second request with the ETag (or the Last-Modified) with 304, and a changed view with 200", async () => {
    const first = await request("json", "?severity=medium");
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(new Date(lastModified).getTime()).not.toBeNaN();

    const again = await request("json", "?severity=medium", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await request("json", "?severity=medium", { "if-modified-since": lastModified })).status).toBe(304);
    // Another view, or another format, is another document.
    expect((await request("json", "?severity=low", { "if-none-match": etag })).status).toBe(200);
    expect((await request("rss", "?severity=medium", { "if-none-match": etag })).status).toBe(200);

    const file = path.join(directory, "later.xml");
    fs.writeFileSync(
      file,
      buildFeed([sampleItem("later-medium", { severity: "medium", pubDate: "Sat, 02 Jan 2027 00:00:00 +0000" })]),
    );
    await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
    const changed = await request("json", "?severity=medium", { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await changed.json()).items[0].url).toBe("http://briefs.test/briefs/later-medium");
  });

  it("moves Last-Modified and the ETag when a brief leaves a view filtered on the team's decisions, and only those views", async () => {
    const ana = { id: "feeds-ana", email: "feeds-ana@example.test", role: "analyst" as const };
    await db.user.create({ data: { id: ana.id, name: "ana", email: ana.email, role: ana.role } });
    const view = "?status=new&severity=info";
    const before = await request("rss", view);
    const publicBefore = await request("rss", "?severity=info");
    const leaving = (await new Parser().parseString(await before.text())).items.map((item) => slugOf(item.link))[0];

    // HTTP dates hold whole seconds: the change must fall in a later second than the view's last one.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await changeTriage(leaving, { state: "hunting" }, 0, ana);

    const polled = await request("rss", view, { "if-modified-since": before.headers.get("last-modified")! });
    expect(polled.status).toBe(200);
    expect(new Date(polled.headers.get("last-modified")!).getTime()).toBeGreaterThan(
      new Date(before.headers.get("last-modified")!).getTime(),
    );
    expect(polled.headers.get("etag")).not.toBe(before.headers.get("etag"));
    const after = (await new Parser().parseString(await polled.text())).items.map((item) => slugOf(item.link));
    expect(after).not.toContain(leaving);
    // A view that does not filter on decisions neither changes nor tells when the team decides.
    const publicAfter = await request("rss", "?severity=info", {
      "if-modified-since": publicBefore.headers.get("last-modified")!,
    });
    expect(publicAfter.status).toBe(304);
    expect(publicAfter.headers.get("last-modified")).toBe(publicBefore.headers.get("last-modified"));
  });

  it("keeps hostile brief content sanitized in both formats, and titles as text", async () => {
    const rssText = await (await request("rss", "?severity=critical")).text();
    const rss = await new Parser<Record<string, never>, { "content:encoded": string }>().parseString(rssText);
    const rssItem = rss.items.find((item) => slugOf(item.link) === "hostile")!;
    const json = await (await request("json", "?severity=critical")).json();
    const jsonItem = json.items.find((item: { url: string }) => slugOf(item.url) === "hostile");

    for (const html of [rssItem["content:encoded"], jsonItem.content_html]) {
      expect(html).toContain("<p>Payloads follow.</p>");
      // Read as a browser's parser would: no dangerous element, no handler, no script URL survives.
      const elements = DomUtils.findAll(() => true, parseDocument(html).children);
      expect(elements.length).toBeGreaterThan(10);
      for (const element of elements) {
        expect(element.name).not.toMatch(/^(script|iframe|object|embed|svg|math|style|form|base|meta|link|template)$/);
        for (const [name, value] of Object.entries(element.attribs)) {
          expect(name).not.toMatch(/^on/i);
          if (/^(href|src|action|formaction)$/.test(name)) expect(value).toMatch(/^(https:|mailto:)/);
        }
      }
    }
    // The title is text in the XML (escaped, never an element) and reads as written.
    expect(rssText).not.toMatch(/<script/i);
    expect(rssItem.title).toBe("<script>alert('title')</script> & friends");
    expect(jsonItem.title).toBe("<script>alert('title')</script> & friends");
    expect(rssItem.content).toBe(jsonItem.summary);
  });
});
