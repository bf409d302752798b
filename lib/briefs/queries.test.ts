import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countBriefsBySeverity,
  getBriefBySlug,
  listBriefs,
  listBriefTypes,
  listRelatedBriefs,
  listTagOptions,
  warmTagSeverityCounts,
} from "@/lib/briefs/queries";
import { parseBriefListParams } from "@/lib/briefs/validations";
import { db } from "@/lib/db";
import { relinkBriefsToDetections } from "@/lib/detections/links";
import { saveDetections } from "@/lib/detections/store";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { detectionRecord } from "@/lib/test/detection-record";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";

const body = (words: string) =>
  briefBody({ intro: words, steps: ["Recon.", "Access."], impact: "Loss.", recommendations: ["Fix."] });

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "queries-")), "feed.xml");
  fs.writeFileSync(
    file,
    buildFeed([
      sampleItem("crit-token", {
        severity: "critical",
        pubDate: "Mon, 03 Jun 2024 10:00:00 +0000",
        tags: ["okta", "credential_access"],
        body: body("Stolen session tokens replayed from a proxy."),
        description: "Token replay.",
      }),
      sampleItem("high-spray", {
        severity: "high",
        pubDate: "Wed, 05 Jun 2024 10:00:00 +0000",
        tags: ["entra_id", "credential_access", "brute_force"],
        body: body("Password spraying with kerberoasting follow-up; see T1110.003."),
        description: "Spraying.",
      }),
      sampleItem("med-persist", {
        severity: "medium",
        pubDate: "Fri, 07 Jun 2024 10:00:00 +0000",
        tags: ["entra_id", "persistence", "oauth"],
        body: body("An OAuth app gains offline access."),
        description: "Consent abuse.",
      }),
      sampleItem("low-undated", {
        severity: "low",
        pubDate: "",
        tags: ["aws", "discovery"],
        body: body("Enumeration of buckets."),
        description: "Bucket listing.",
      }),
    ]),
  );
  await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
});

async function slugs(query: Record<string, string>) {
  const result = await listBriefs(parseBriefListParams(query));
  return {
    slugs: result.briefs.map((brief) => brief.slug),
    total: result.total,
    severityCounts: result.severityCounts,
  };
}

describe("listBriefs", () => {
  it("lists newest first with undated briefs last, and sorts by severity or age on request", async () => {
    expect((await slugs({})).slugs).toEqual(["med-persist", "high-spray", "crit-token", "low-undated"]);
    expect((await slugs({ sort: "oldest" })).slugs).toEqual(["crit-token", "high-spray", "med-persist", "low-undated"]);
    expect((await slugs({ sort: "severity" })).slugs).toEqual([
      "crit-token",
      "high-spray",
      "med-persist",
      "low-undated",
    ]);
  });

  it("filters by severity and counts each severity under the other filters", async () => {
    const result = await slugs({ severity: "high,critical" });
    expect(result).toMatchObject({ slugs: ["high-spray", "crit-token"], total: 2 });
    expect(result.severityCounts).toMatchObject({ critical: 1, high: 1, medium: 1, low: 1 });
    const persistence = await slugs({ tactic: "persistence", severity: "high" });
    expect(persistence).toMatchObject({ slugs: [], total: 0 });
    expect(persistence.severityCounts).toMatchObject({ critical: 0, high: 0, medium: 1, low: 0 });
  });

  it("matches any chosen tactic, but every chosen tag", async () => {
    expect((await slugs({ tactic: "persistence,discovery" })).slugs).toEqual(["med-persist", "low-undated"]);
    expect((await slugs({ tag: "entra_id" })).slugs).toEqual(["med-persist", "high-spray"]);
    expect((await slugs({ tag: "entra_id,oauth" })).slugs).toEqual(["med-persist"]);
    expect((await slugs({ tag: "t1110.003" })).slugs).toEqual(["high-spray"]);
  });

  it("searches title, summary and body, by word stem and by prefix, with FTS syntax made inert", async () => {
    expect((await slugs({ q: "kerberoasting" })).slugs).toEqual(["high-spray"]);
    expect((await slugs({ q: "token" })).slugs).toEqual(["crit-token"]);
    expect((await slugs({ q: "sprayed" })).slugs).toEqual(["high-spray"]);
    expect((await slugs({ q: "enumer" })).slugs).toEqual(["low-undated"]);
    expect((await slugs({ q: 'token OR "oauth"' })).slugs).toEqual([]);
    expect((await slugs({ q: "***" })).slugs).toEqual([]);
  });

  it("keeps a date range inclusive of both days", async () => {
    expect((await slugs({ from: "2024-06-05", to: "2024-06-07" })).slugs).toEqual(["med-persist", "high-spray"]);
    expect((await slugs({ to: "2024-06-03" })).slugs).toEqual(["crit-token"]);
  });

  it("pages through results with a total that matches the filter", async () => {
    const result = await listBriefs(parseBriefListParams({ page: "2" }));
    expect(result).toMatchObject({ briefs: [], total: 4, pageCount: 1 });
  });
});

describe("listRelatedBriefs", () => {
  it("ranks briefs by shared tactics and platforms", async () => {
    const spray = (await getBriefBySlug("high-spray"))!;
    expect((await listRelatedBriefs(spray)).map((brief) => brief.slug)).toEqual(["crit-token", "med-persist"]);
  });
});

describe("cached filter options", () => {
  it("count each tag, and see a new ingest at once", async () => {
    const before = await listTagOptions();
    expect(before.find((option) => option.name === "credential_access")).toMatchObject({ kind: "tactic", count: 2 });
    expect(await listBriefTypes()).toEqual(["advisory"]);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "queries-")), "more.xml");
    fs.writeFileSync(
      file,
      buildFeed([sampleItem("new-campaign", { type: "campaign", tags: ["gcp", "exfiltration"] })]),
    );
    await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });

    expect((await listTagOptions()).find((option) => option.name === "exfiltration")).toMatchObject({
      kind: "tactic",
      count: 1,
    });
    expect(await listBriefTypes()).toEqual(["advisory", "campaign"]);
  });
});

describe("techniques of a brief", () => {
  it("are those its text and categories cite plus those of the rules it links to, and the technique filter finds both", async () => {
    await saveDetections([
      detectionRecord({
        id: "33333333-3333-4333-8333-333333333333",
        title: "Brief med-persist",
        techniques: ["T1110.004", "T1098.005"],
      }),
    ]);
    const persist = (await getBriefBySlug("med-persist"))!;
    expect(persist.tags.filter((tag) => tag.kind === "technique")).toEqual([
      { name: "t1098.005", kind: "technique", label: "T1098.005" },
      { name: "t1110.004", kind: "technique", label: "T1110.004" },
    ]);
    expect((await slugs({ tag: "t1110.004" })).slugs).toEqual(["med-persist"]);
    // A technique filter takes in its sub-techniques: Brute Force finds the spraying and the stuffing brief.
    expect((await slugs({ tag: "t1110" })).slugs).toEqual(["med-persist", "high-spray"]);
    const listed = (await listBriefs(parseBriefListParams({ tag: "t1098.005" }))).briefs[0];
    expect(listed.tags.map((tag) => tag.name)).toContain("t1098.005");
  });

  it("drop those of a rule once it is retired", async () => {
    await db.detection.update({
      where: { id: "33333333-3333-4333-8333-333333333333" },
      data: { retiredAt: new Date() },
    });
    await relinkBriefsToDetections();
    expect((await slugs({ tag: "t1110.004" })).slugs).toEqual([]);
    expect((await getBriefBySlug("med-persist"))!.tags.filter((tag) => tag.kind === "technique")).toEqual([]);
  });
});

describe("counts kept per data version", () => {
  it("give a one-tag view the counts it would count itself, once the warmer has loaded every tag's", async () => {
    const views = [
      { tactic: "credential_access" },
      { tactic: "credential_access", severity: "high" },
      { tag: "entra_id" },
      { tag: "entra_id", severity: "critical,medium" },
      { tactic: "exfiltration" },
    ];
    const counted = await Promise.all(views.map((view) => countBriefsBySeverity(parseBriefListParams(view))));
    expect(counted[0]).toMatchObject({ total: 2, severityCounts: { critical: 1, high: 1 } });
    await warmTagSeverityCounts();
    const kept = await Promise.all(views.map((view) => countBriefsBySeverity(parseBriefListParams(view))));
    expect(kept).toEqual(counted);
  });
});
