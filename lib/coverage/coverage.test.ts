import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { techniqueInfo } from "@/lib/attack/catalog";
import { db } from "@/lib/db";
import { coverageCsv, CSV_COLUMNS } from "@/lib/coverage/csv";
import { exportFileName } from "@/lib/coverage/export-names";
import { buildCoverage, shadeOf, shadeRanges, type CoverageModel } from "@/lib/coverage/model";
import { navigatorLayer, type LayerInput } from "@/lib/coverage/navigator-layer";
import { briefCountsByTechnique, briefTitlesByTechnique, listTopUncovered, loadCoverage, ruleCountsByTechnique, ruleTitlesByTechnique } from "@/lib/coverage/queries";
import { layerSubjectSchema, parseCoverageParams } from "@/lib/coverage/validations";
import { saveDetections } from "@/lib/detections/store";
import { coverageLayerExport } from "@/lib/coverage/exports";
import { deployRule, undeployRule } from "@/lib/deployments/store";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { parseCsv } from "@/lib/test/csv";
import { detectionRecord } from "@/lib/test/detection-record";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";
import { DAY_MS } from "@/lib/utc-day";

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toUTCString();
const citing = (text: string) => briefBody({ intro: text, steps: ["Recon.", "Access."], impact: "Loss.", recommendations: ["Fix."] });

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coverage-")), "feed.xml");
  fs.writeFileSync(
    file,
    buildFeed([
      sampleItem("spray-high", { severity: "high", pubDate: daysAgo(3), title: "Spraying, \"quoted\", against Entra", body: citing("Password spraying, T1110.003.") }),
      sampleItem("stuffing-critical", { severity: "critical", pubDate: daysAgo(10), body: citing("Credential stuffing (T1110.004), old T1066 and a made-up T9999.001.") }),
      sampleItem("persist-medium", { severity: "medium", pubDate: daysAgo(20), tags: ["entra_id", "persistence"], body: citing("A device is registered.") }),
      sampleItem("mfa-low", { severity: "low", pubDate: daysAgo(30), body: citing("Push fatigue: T1621.") }),
      sampleItem("old-critical", { severity: "critical", pubDate: daysAgo(200), body: citing("Forge web credentials, T1606.") }),
    ]),
  );
  await ingestFeed({ kind: "file", path: file }, { trigger: "cli" });
  await saveDetections([
    detectionRecord({ id: "00000000-0000-4000-8000-00000000000a", title: "Spray Rule", techniques: ["T1110.003"] }),
    detectionRecord({ id: "00000000-0000-4000-8000-00000000000b", title: "Brief persist-medium", techniques: ["T1098.005"] }),
    detectionRecord({ id: "00000000-0000-4000-8000-00000000000c", title: "Retired MFA Rule", techniques: ["T1621"] }),
    detectionRecord({ id: "00000000-0000-4000-8000-00000000000d", title: "Cloud Account Rule", techniques: ["T1078.004"] }),
  ]);
  await db.detection.update({ where: { id: "00000000-0000-4000-8000-00000000000c" }, data: { retiredAt: new Date() } });
});

const params = (query: Record<string, string> = {}) => parseCoverageParams(query);
const analyst = { id: "analyst", email: "ana@example.org", role: "analyst" as const };
const SPRAY_RULE = "00000000-0000-4000-8000-00000000000a";
const CLOUD_RULE = "00000000-0000-4000-8000-00000000000d";

describe("coverage counts", () => {
  it("count each brief once per technique, from its text and its rules, and roll sub-techniques into their parent", async () => {
    const briefs = await briefCountsByTechnique(params());
    expect(briefs.get("T1110.003")).toEqual({ briefs: 1, highest: "high", direct: true });
    expect(briefs.get("T1110")).toEqual({ briefs: 2, highest: "critical", direct: false });
    expect(briefs.get("T1098.005")).toEqual({ briefs: 1, highest: "medium", direct: true });
    expect(briefs.get("T1066")).toMatchObject({ briefs: 1, direct: true });

    const rules = await ruleCountsByTechnique();
    expect(rules.get("T1110.003")).toEqual({ rules: 1, direct: true });
    expect(rules.get("T1110")).toEqual({ rules: 1, direct: false });
    expect(rules.has("T1621")).toBe(false);
  });

  it("name the briefs and rules of a technique", async () => {
    expect((await briefTitlesByTechnique(params(), 10)).get("T1110")).toEqual(['Spraying, "quoted", against Entra', "Brief stuffing-critical"]);
    expect((await ruleTitlesByTechnique(10)).get("T1098")).toEqual(["Brief persist-medium"]);
  });
});

describe("the coverage matrix", () => {
  it("shows by default what any brief or rule touches, sub-techniques under their parent, and marks gaps", async () => {
    const { model } = await loadCoverage(params());
    expect(model.rows.map((row) => row.id)).toEqual(["T1078", "T1078.004", "T1098", "T1098.005", "T1110", "T1110.003", "T1110.004", "T1606", "T1621"]);
    const credentialAccess = model.columns.find((column) => column.tactic.shortname === "credential-access")!;
    const bruteForce = credentialAccess.cells.find((cell) => cell.id === "T1110")!;
    expect(bruteForce.subTechniques.map((sub) => [sub.id, sub.name, sub.briefs, sub.rules, sub.gap])).toEqual([
      ["T1110.003", "Password Spraying", 1, 1, false],
      ["T1110.004", "Credential Stuffing", 1, 0, true],
    ]);
    expect(credentialAccess.cells.find((cell) => cell.id === "T1621")).toMatchObject({ briefs: 1, rules: 0, gap: true, highest: "low" });
    // Tactics without a technique to show are left out of the default view.
    expect(model.columns.map((column) => column.tactic.shortname)).not.toContain("reconnaissance");
    expect(model.retired.map((row) => [row.id, row.status])).toEqual([
      ["T1066", "revoked"],
      ["T9999.001", "unknown"],
    ]);
  });

  it("shows only the filtered briefs' techniques once a filter applies", async () => {
    const { model, total } = await loadCoverage(params({ severity: "medium" }));
    expect(total).toBe(1);
    expect(model.rows.map((row) => row.id)).toEqual(["T1098", "T1098.005"]);
    expect(model.columns.map((column) => column.tactic.shortname)).toEqual(["persistence", "privilege-escalation"]);
    expect(model.retired).toEqual([]);
  });

  it("shows the whole matrix of a platform, with counts where there are any", async () => {
    const { model } = await loadCoverage(params({ matrix: "identity-provider" }));
    expect(model.columns).toHaveLength(14);
    expect(model.rows.length).toBeGreaterThan(20);
    for (const row of model.rows.filter((candidate) => candidate.parent)) expect(techniqueInfo(row.id).platforms).toContain("Identity Provider");
    expect(model.rows.find((row) => row.id === "T1110.003")).toMatchObject({ briefs: 1, rules: 1 });
    expect(model.rows.find((row) => row.id === "T1003.001")).toBeUndefined();
  });

  it("shades cells by their share of the busiest technique's briefs", () => {
    const counts = { briefs: new Map([["T1110", { briefs: 8, highest: "high" as const, direct: true }], ["T1621", { briefs: 1, highest: "low" as const, direct: true }]]), rules: new Map(), briefsFiltered: false };
    const model = buildCoverage("touched", counts);
    const shades = Object.fromEntries(model.rows.map((row) => [row.id, model.columns.flatMap((column) => column.cells).find((cell) => cell.id === row.id)!.shade]));
    expect(shades).toEqual({ T1110: 4, T1621: 1 });
    expect(shadeRanges(8)).toEqual([
      { shade: 1, from: 1, to: 2 },
      { shade: 2, from: 3, to: 4 },
      { shade: 3, from: 5, to: 6 },
      { shade: 4, from: 7, to: 8 },
    ]);
    expect(shadeRanges(1)).toEqual([{ shade: 4, from: 1, to: 1 }]);
    for (const max of [1, 3, 7, 50]) {
      for (let briefs = 1; briefs <= max; briefs += 1) {
        expect(shadeRanges(max).find((range) => range.from <= briefs && briefs <= range.to)?.shade).toBe(shadeOf(briefs, max));
      }
    }
  });
});

describe("top uncovered techniques", () => {
  it("lists what high and critical briefs of the last 90 days describe and no deployed rule detects, not parents counted through a sub-technique", async () => {
    // A rule in the library is not a rule the team runs: with nothing deployed, the spray rule covers nothing.
    expect((await listTopUncovered(new Date(), 8)).techniques.map((row) => row.id).sort()).toEqual(["T1066", "T1110.003", "T1110.004", "T9999.001"]);
    await deployRule(analyst, SPRAY_RULE, "sentinel");
    const top = await listTopUncovered(new Date(), 8);
    expect(top.techniques.map((row) => [row.id, row.briefs])).toEqual([
      ["T1066", 1],
      ["T1110.004", 1],
      ["T9999.001", 1],
    ]);
    expect(top.filters).toMatchObject({ severity: ["critical", "high"], from: top.since, rulesFrom: "deployed" });
    expect(top.briefs).toBe(2);
    const later = await listTopUncovered(new Date(Date.now() + 365 * DAY_MS), 8);
    expect(later).toMatchObject({ briefs: 0, techniques: [] });
    await undeployRule(analyst, SPRAY_RULE, "sentinel");
  });
});

describe("coverage of deployed rules (of=deployed)", () => {
  it("counts only rules marked deployed, to the SIEM asked for, and moves when one is deployed or undeployed", async () => {
    const detected = async (query: Record<string, string>) =>
      (await loadCoverage(params(query))).model.rows.filter((row) => row.rules > 0).map((row) => row.id).sort();
    expect(await detected({})).toEqual(["T1078", "T1078.004", "T1098", "T1098.005", "T1110", "T1110.003"]);
    expect(await detected({ of: "deployed" })).toEqual([]);

    await deployRule(analyst, CLOUD_RULE, "elastic");
    expect(await detected({ of: "deployed" })).toEqual(["T1078", "T1078.004"]);
    expect(await detected({ of: "deployed", siem: "elastic" })).toEqual(["T1078", "T1078.004"]);
    expect(await detected({ of: "deployed", siem: "sentinel" })).toEqual([]);
    // The spray technique, described by a high brief, is a gap for the team though the library has a rule.
    const { model } = await loadCoverage(params({ of: "deployed" }));
    expect(model.rows.find((row) => row.id === "T1110.003")).toMatchObject({ rules: 0, gap: true });

    const layer = await coverageLayerExport(params({ siem: "elastic" }), "deployed", new URL("https://briefs.example.org"));
    const scored = (JSON.parse(layer.body) as { techniques: { techniqueID: string; score: number }[] }).techniques
      .filter((technique) => technique.score > 0)
      .map((technique) => technique.techniqueID);
    expect([...new Set(scored)].sort()).toEqual(["T1078", "T1078.004"]);
    expect(parseCsv(coverageCsv((await loadCoverage(params({ of: "deployed" }))).model)).length).toBeGreaterThan(1);

    await undeployRule(analyst, CLOUD_RULE, "elastic");
    expect(await detected({ of: "deployed" })).toEqual([]);
  });
});

describe("the CSV export", () => {
  it("parses back to the counts of the page", async () => {
    const { model } = await loadCoverage(params());
    const [header, ...lines] = parseCsv(coverageCsv(model));
    expect(header).toEqual([...CSV_COLUMNS]);
    const parsed = lines.map((line) => Object.fromEntries(header.map((name, index) => [name, line[index]])));
    expect(parsed.map((line) => [line.technique_id, Number(line.briefs), Number(line.rules), line.gap === "yes", line.highest_severity || null])).toEqual(
      [...model.rows, ...model.retired].map((row) => [row.id, row.briefs, row.rules, row.gap, row.highest]),
    );
    expect(parsed.find((line) => line.technique_id === "T1098.005")).toMatchObject({ technique_name: "Device Registration", tactics: "persistence;privilege-escalation" });
  });

  it("quotes what would break a field", () => {
    const model: CoverageModel = {
      view: "touched",
      columns: [],
      rows: [{ id: "T1", name: 'A "quoted", name\nover two lines', status: "unknown", parent: null, tactics: [], briefs: 2, highest: "high", rules: 0, gap: true }],
      retired: [],
      maxBriefs: 2,
    };
    expect(parseCsv(coverageCsv(model))[1]).toEqual(["T1", 'A "quoted", name\nover two lines', "unknown", "", "", "2", "high", "0", "yes"]);
  });
});

// The Navigator layer file format 4.5 (github.com/mitre-attack/attack-navigator, layers/spec/v4.5/layerformat.md):
// required fields and the types of every field the layer sets.
const linkOrDivider = z.union([z.object({ label: z.string(), url: z.string().regex(/^https?:\/\//) }).strict(), z.object({ divider: z.boolean() }).strict()]);
const metadataOrDivider = z.union([z.object({ name: z.string(), value: z.string() }).strict(), z.object({ divider: z.boolean() }).strict()]);
const hexColour = z.string().regex(/^#[0-9a-f]{6}$/i);
const layerFormat = z
  .object({
    name: z.string().min(1),
    versions: z.object({ attack: z.string().optional(), navigator: z.string().regex(/^\d+\.\d+\.\d+$/), layer: z.literal("4.5") }).strict().optional(),
    domain: z.enum(["enterprise-attack", "mobile-attack", "ics-attack"]),
    description: z.string().optional(),
    customDataURL: z.string().optional(),
    filters: z.object({ platforms: z.array(z.string()) }).strict().optional(),
    sorting: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
    layout: z
      .object({
        layout: z.enum(["side", "flat", "mini"]).optional(),
        showID: z.boolean().optional(),
        showName: z.boolean().optional(),
        showAggregateScores: z.boolean().optional(),
        countUnscored: z.boolean().optional(),
        aggregateFunction: z.enum(["average", "min", "max", "sum"]).optional(),
        expandedSubtechniques: z.enum(["none", "all", "annotated"]).optional(),
      })
      .strict()
      .optional(),
    hideDisabled: z.boolean().optional(),
    techniques: z
      .array(
        z
          .object({
            techniqueID: z.string().regex(/^T\d{4}(\.\d{3})?$/),
            tactic: z.string().optional(),
            comment: z.string().optional(),
            enabled: z.boolean().optional(),
            score: z.number().optional(),
            color: z.string().optional(),
            metadata: z.array(metadataOrDivider).optional(),
            links: z.array(linkOrDivider).optional(),
            showSubtechniques: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    gradient: z.object({ colors: z.array(hexColour).min(2), minValue: z.number(), maxValue: z.number() }).strict().refine((gradient) => gradient.maxValue > gradient.minValue).optional(),
    legendItems: z.array(z.object({ label: z.string(), color: z.string() }).strict()).optional(),
    showTacticRowBackground: z.boolean().optional(),
    tacticRowBackground: z.string().optional(),
    selectTechniquesAcrossTactics: z.boolean().optional(),
    selectSubtechniquesWithParent: z.boolean().optional(),
    selectVisibleTechniques: z.boolean().optional(),
    metadata: z.array(metadataOrDivider).optional(),
    links: z.array(linkOrDivider).optional(),
  })
  .strict();

async function layerOf(subject: LayerInput["subject"], query: Record<string, string> = {}) {
  const coverage = await loadCoverage(params(query));
  const titles = subject === "briefs" ? await briefTitlesByTechnique(params(query), 10) : await ruleTitlesByTechnique(10);
  const layer = navigatorLayer({
    model: coverage.model,
    subject,
    titles,
    filterDescription: "All briefs",
    platforms: null,
    coverageUrl: "http://127.0.0.1:3000/coverage",
    techniqueUrl: (id) => `http://127.0.0.1:3000/?tag=${id.toLowerCase()}`,
    generatedAt: new Date("2026-12-06T00:00:00Z"),
  });
  // What a file holds: the layer as JSON text, read back.
  return { layer: JSON.parse(JSON.stringify(layer)) as unknown, model: coverage.model };
}

describe("the Navigator layer", () => {
  for (const subject of ["briefs", "rules"] as const) {
    it(`of ${subject} follows layer format 4.5 for ATT&CK 18, and places each technique under a tactic it has in v18.1`, async () => {
      const { layer } = await layerOf(subject);
      const parsed = layerFormat.parse(layer);
      expect(parsed).toMatchObject({ domain: "enterprise-attack", versions: { attack: "18", layer: "4.5" } });
      expect(parsed.techniques!.length).toBeGreaterThan(0);
      for (const entry of parsed.techniques!) {
        const info = techniqueInfo(entry.techniqueID);
        expect(info.status, entry.techniqueID).toBe("active");
        expect(info.tactics, entry.techniqueID).toContain(entry.tactic);
      }
    });
  }

  it("scores each technique by its briefs, once per tactic, and names them in the comment", async () => {
    const { layer, model } = await layerOf("briefs");
    const entries = layerFormat.parse(layer).techniques!;
    expect(entries.filter((entry) => entry.techniqueID === "T1098.005").map((entry) => [entry.tactic, entry.score])).toEqual([
      ["persistence", 1],
      ["privilege-escalation", 1],
    ]);
    const bruteForce = entries.find((entry) => entry.techniqueID === "T1110")!;
    expect(bruteForce).toMatchObject({ score: 2, showSubtechniques: true, comment: '2 briefs: “Spraying, "quoted", against Entra”; “Brief stuffing-critical”' });
    expect(bruteForce.links).toEqual([{ label: "T1110 in Threat Briefs", url: "http://127.0.0.1:3000/?tag=t1110" }]);
    const scored = model.rows.filter((row) => row.briefs > 0);
    expect(new Set(entries.map((entry) => entry.techniqueID))).toEqual(new Set(scored.map((row) => row.id)));
  });

  it("of rules marks the gaps with a colour and a zero score", async () => {
    const entries = layerFormat.parse((await layerOf("rules")).layer).techniques!;
    expect(entries.find((entry) => entry.techniqueID === "T1110.004")).toMatchObject({ score: 0, color: "#fdae6b", comment: "No rule in use detects it; 1 brief describes it." });
    expect(entries.find((entry) => entry.techniqueID === "T1078.004")).toMatchObject({ score: 1, comment: "1 rule in use: “Cloud Account Rule”" });
  });
});

describe("coverage parameters", () => {
  it("take the list's filters and a matrix view, falling back to the default on a bad value", () => {
    expect(parseCoverageParams({ severity: "high", matrix: "saas", sort: "oldest", page: "2" })).toMatchObject({ severity: ["high"], matrix: "saas" });
    expect(parseCoverageParams({ matrix: "windows" }).matrix).toBe("touched");
    expect(layerSubjectSchema.parse({}).of).toBe("briefs");
    expect(layerSubjectSchema.parse({ of: "rules" }).of).toBe("rules");
    expect(layerSubjectSchema.safeParse({ of: "detections" }).error?.issues[0].message).toBe("of must be briefs, rules or deployed");
  });
});

describe("export file names", () => {
  it("say what the file holds", () => {
    expect(exportFileName("csv", "Briefs", "touched", false)).toBe("attack-coverage-all-briefs.csv");
    expect(exportFileName("rules", "High briefs — Credential Access", "saas", true)).toBe("attack-layer-rules-high-briefs-credential-access-matrix-saas.json");
  });
});
