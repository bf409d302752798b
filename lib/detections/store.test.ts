import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DETECTION_MAPPING_PATH, relinkBriefsToDetections } from "@/lib/detections/links";
import { listBriefsForDetection, listDetectionsForBrief } from "@/lib/detections/queries";
import { saveDetections } from "@/lib/detections/store";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { detectionRecord } from "@/lib/test/detection-record";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";

const record = detectionRecord;

const citing = (rule: string) =>
  briefBody({
    intro: "Push fatigue.",
    steps: ["Spam pushes."],
    impact: "Takeover.",
    recommendations: [`Deploy the Sigma rule “${rule}” to your SIEM.`],
  });

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "detections-")), "feed.xml");
  fs.writeFileSync(
    file,
    buildFeed([
      sampleItem("cites-push-flood", { body: citing("Okta MFA Push Flood") }),
      sampleItem("same-title", {
        title: "Okta Admin Role Granted",
        body: briefBody({ intro: "Role.", steps: ["Grant."], impact: "Admin.", recommendations: ["Review roles."] }),
      }),
      sampleItem("cites-missing", { body: citing("A Rule Nobody Has") }),
    ]),
  );
  await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
});

describe("saveDetections", () => {
  it("creates, then updates in place by id, and leaves an unchanged rule alone", async () => {
    expect(await saveDetections([record({})])).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(await saveDetections([record({})])).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await saveDetections([record({ level: "critical" })])).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await db.detection.findUniqueOrThrow({ where: { id: record({}).id } })).toMatchObject({
      level: "critical",
      normalizedTitle: "okta mfa push flood",
    });
  });

  it("keeps a rule's techniques as rows, replaced when the rule changes them", async () => {
    const rows = async () =>
      (
        await db.detectionTechnique.findMany({ where: { detectionId: record({}).id }, orderBy: { techniqueId: "asc" } })
      ).map((row) => row.techniqueId);
    await saveDetections([record({ techniques: ["T1621", "t1110.003", "T1621"] })]);
    expect(await rows()).toEqual(["T1110.003", "T1621"]);
    await saveDetections([record({ techniques: ["T1078.004"] })]);
    expect(await rows()).toEqual(["T1078.004"]);
    await saveDetections([record({})]);
    expect(await rows()).toEqual(["T1621"]);
  });

  it("links a brief to the rule it cites, else to a rule with its title, and reports who points where", async () => {
    await saveDetections([
      record({}),
      record({ id: "22222222-2222-4222-8222-222222222222", title: "Okta Admin Role Granted" }),
    ]);
    const briefId = async (slug: string) => (await db.brief.findUniqueOrThrow({ where: { slug } })).id;
    expect(
      (await listDetectionsForBrief(await briefId("cites-push-flood"))).map((item) => [item.title, item.reason]),
    ).toEqual([["Okta MFA Push Flood", "cited"]]);
    expect(
      (await listDetectionsForBrief(await briefId("same-title"))).map((item) => [item.title, item.reason]),
    ).toEqual([["Okta Admin Role Granted", "title"]]);
    expect(await listDetectionsForBrief(await briefId("cites-missing"))).toEqual([]);
    expect(await listBriefsForDetection(record({}).id)).toEqual([
      { slug: "cites-push-flood", title: "Brief cites-push-flood", reason: "cited" },
    ]);
  });

  it("lets the mapping file replace a brief's links", async () => {
    fs.mkdirSync(path.dirname(DETECTION_MAPPING_PATH), { recursive: true });
    fs.writeFileSync(
      DETECTION_MAPPING_PATH,
      JSON.stringify({ links: [{ brief: "cites-push-flood", detection: "22222222-2222-4222-8222-222222222222" }] }),
    );
    try {
      await relinkBriefsToDetections();
      const briefId = (await db.brief.findUniqueOrThrow({ where: { slug: "cites-push-flood" } })).id;
      expect((await listDetectionsForBrief(briefId)).map((item) => [item.title, item.reason])).toEqual([
        ["Okta Admin Role Granted", "mapping"],
      ]);
    } finally {
      fs.rmSync(DETECTION_MAPPING_PATH);
      await relinkBriefsToDetections();
    }
  });

  it("writes nothing when one record cannot be saved", async () => {
    const before = await db.detection.count();
    await expect(
      saveDetections([
        record({ id: "33333333-3333-4333-8333-333333333333", title: "Fine" }),
        record({ id: "44444444-4444-4444-8444-444444444444", title: null as unknown as string }),
      ]),
    ).rejects.toThrow();
    expect(await db.detection.count()).toBe(before);
  });

  it("saves the same new rules once when two servers save them at the same moment", async () => {
    // Both servers start and save the bundled rules: the second, in its turn, finds them stored.
    const rules = [
      record({ id: "55555555-5555-4555-8555-555555555555", title: "Okta Session Hijack" }),
      record({ id: "66666666-6666-4666-8666-666666666666", title: "Okta Policy Change" }),
    ];
    const results = await Promise.all([saveDetections(rules), saveDetections(rules)]);
    expect(results.map((counts) => [counts.created, counts.unchanged]).sort()).toEqual([
      [0, 2],
      [2, 0],
    ]);
    expect(await db.detection.count({ where: { id: { in: rules.map((rule) => rule.id) } } })).toBe(2);
  });
});
