import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getBriefBySlug, listBriefRevisions } from "@/lib/briefs/queries";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";

// Its own file (and so its own database): re-ingesting changed briefs would disturb queries.test.ts.
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "revision-queries-"));
const file = path.join(directory, "feed.xml");

async function ingest(items: Parameters<typeof buildFeed>[0]) {
  fs.writeFileSync(file, buildFeed(items));
  const result = await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
  expect(result.status).toBe("ok");
}

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe("listBriefRevisions", () => {
  it("lists previous versions newest first, each with what changed in the version after it", async () => {
    await ingest([sampleItem("evolving"), sampleItem("quiet")]);
    const brief = (await getBriefBySlug("evolving"))!;
    const quiet = (await getBriefBySlug("quiet"))!;
    expect(await listBriefRevisions(brief.id)).toEqual([]);

    await ingest([
      sampleItem("evolving", { severity: "critical", description: "Now exploited." }),
      sampleItem("quiet"),
    ]);
    const longerBody = briefBody({
      intro: "Narrative of evolving.",
      steps: [
        "<strong>Step one:</strong> evolving begins.",
        "<strong>Step two:</strong> evolving continues.",
        "Tokens are replayed.",
        "Mailbox rules persist.",
      ],
      impact: "Impact of evolving.",
      recommendations: ["Patch evolving.", "Monitor evolving."],
    });
    await ingest([
      sampleItem("evolving", {
        severity: "critical",
        description: "Now exploited.",
        type: "campaign",
        body: longerBody,
      }),
      sampleItem("quiet"),
    ]);

    const revisions = await listBriefRevisions(brief.id);
    expect(revisions.map(({ severity, type, changes }) => ({ severity, type, changes }))).toEqual([
      { severity: "critical", type: "advisory", changes: ["Type: advisory → campaign", "Attack chain: 2 steps added"] },
      { severity: "high", type: "advisory", changes: ["Severity: high → critical", "Summary changed"] },
    ]);
    expect(revisions[0].capturedAt.getTime()).toBeGreaterThanOrEqual(revisions[1].capturedAt.getTime());
    expect(await listBriefRevisions(brief.id, 1)).toHaveLength(1);
    expect(await listBriefRevisions(quiet.id)).toEqual([]);
    expect(await db.briefRevision.count()).toBe(2);
  });
});
