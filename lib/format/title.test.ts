import { createHash } from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db";
import { databaseFilePath } from "@/lib/env";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { identifyItem, normaliseItem } from "@/lib/feed/normalise";
import { parseFeed } from "@/lib/feed/parse-feed";
import { decodeStoredTitles, decodeTitle } from "@/lib/format/title";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";

/** The title a reader sees for an RSS <title> element written exactly as given (raw XML, not escaped here). */
async function shownTitle(titleXml: string): Promise<string> {
  const xml = buildFeed([sampleItem("titled", { title: "PLACEHOLDER" })]).replace(
    "<title>PLACEHOLDER</title>",
    `<title>${titleXml}</title>`,
  );
  return normaliseItem((await parseFeed(xml)).items[0], null).title;
}

describe("titles as feed readers show them", () => {
  it("decodes entities inside CDATA, which the XML parser leaves as written", async () => {
    expect(await shownTitle("<![CDATA[Microsoft&#8217;s Patch Tuesday &amp; Entra]]>")).toBe(
      "Microsoft’s Patch Tuesday & Entra",
    );
  });

  it("decodes a title escaped twice once more, and never a third time", async () => {
    expect(await shownTitle("Entra ID &amp;amp; Intune")).toBe("Entra ID & Intune");
    expect(await shownTitle("Entra ID &amp;amp;amp; Intune")).toBe("Entra ID &amp; Intune");
    expect(await shownTitle("<![CDATA[Escaped &amp;amp; in CDATA]]>")).toBe("Escaped &amp; in CDATA");
  });

  it("decodes numeric (decimal and hex) and named entities", async () => {
    expect(
      await shownTitle("Tom&amp;#8217;s, Tom&amp;#x2019;s, caf&amp;eacute; &amp;mdash; r&amp;eacute;sum&amp;eacute;"),
    ).toBe("Tom’s, Tom’s, café — résumé");
    expect(await shownTitle("<![CDATA[Non&nbsp;breaking &hellip; &#x1F525;]]>")).toBe("Non breaking … 🔥");
  });

  it("keeps text that only looks like markup as text, and a bare ampersand as it is", async () => {
    expect(await shownTitle("Use &lt;b&gt; for bold")).toBe("Use <b> for bold");
    expect(await shownTitle("Use &amp;lt;script&amp;gt; sparingly")).toBe("Use <script> sparingly");
    expect(await shownTitle("<![CDATA[<img src=x onerror=alert(1)> in a title]]>")).toBe(
      "<img src=x onerror=alert(1)> in a title",
    );
    expect(await shownTitle("AT&amp;T &amp; R&amp;D, &amp;copy2024, 5 &amp;lt 6")).toBe(
      "AT&T & R&D, &copy2024, 5 &lt 6",
    );
  });

  it("keeps the identity of an item without guid or link, which hashes its title as first read", async () => {
    const xml = buildFeed([sampleItem("no-ids", { guid: undefined, link: undefined, title: "Entra ID &amp; Intune" })]);
    const [item] = (await parseFeed(xml)).items;
    const identified = identifyItem(item, null);
    expect(identified.title).toBe("Entra ID & Intune");
    // As identities were computed before titles were decoded: a hash of the title as the XML parser left it, and the body.
    const body = String(item["content:encoded"]).trim();
    expect(identified.identity).toBe(
      `sha256:${createHash("sha256")
        .update(JSON.stringify({ title: "Entra ID &amp; Intune", body }))
        .digest("hex")}`,
    );
    expect(identified.slugBase).toBe("entra-id-intune");
  });

  it("collapses the whitespace decoding can bring", () => {
    expect(decodeTitle("  Entra&nbsp;&nbsp;ID\n&amp; Intune ")).toBe("Entra ID & Intune");
  });
});

// A repair of SQLite databases written before titles were decoded: every PostgreSQL database was
// created after that, and its migrations queue no such repair.
describe.skipIf(provider === "postgresql")("decodeStoredTitles", () => {
  it("decodes titles stored before decoding existed, in briefs and their revisions, and leaves decoded ones alone", async () => {
    const file = `${databaseFilePath()}.feed.xml`;
    fs.writeFileSync(
      file,
      buildFeed([
        sampleItem("stored-old", { title: "Old title" }),
        sampleItem("stored-plain", { title: "Plain & simple" }),
      ]),
    );
    await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
    fs.writeFileSync(
      file,
      buildFeed([
        sampleItem("stored-old", { title: "Newer title" }),
        sampleItem("stored-plain", { title: "Plain & simple" }),
      ]),
    );
    await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
    const old = await db.brief.findUniqueOrThrow({ where: { slug: "stored-old" } });
    // As an earlier version stored them: the XML parser's output, entities and all.
    await db.brief.update({ where: { id: old.id }, data: { title: "Entra ID &amp; Intune" } });
    await db.briefRevision.updateMany({
      where: { briefId: old.id },
      data: { title: "Microsoft&#8217;s Patch Tuesday" },
    });

    const database = new Database(databaseFilePath());
    try {
      expect(decodeStoredTitles(database)).toBe(2);
      expect(decodeStoredTitles(database)).toBe(0);
    } finally {
      database.close();
    }
    expect((await db.brief.findUniqueOrThrow({ where: { id: old.id } })).title).toBe("Entra ID & Intune");
    expect((await db.briefRevision.findFirstOrThrow({ where: { briefId: old.id } })).title).toBe(
      "Microsoft’s Patch Tuesday",
    );
    expect((await db.brief.findUniqueOrThrow({ where: { slug: "stored-plain" } })).title).toBe("Plain & simple");
    // The search index follows the corrected title.
    const found = await db.$queryRaw<
      { slug: string }[]
    >`SELECT b."slug" AS slug FROM "Brief" b WHERE b."rowid" IN (SELECT "rowid" FROM "BriefSearch" WHERE "BriefSearch" MATCH 'intune')`;
    expect(found.map((row) => row.slug)).toEqual(["stored-old"]);
  });
});
