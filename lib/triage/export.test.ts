import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseBriefListParams } from "@/lib/briefs/validations";
import { deployRule } from "@/lib/deployments/store";
import { saveLibrary } from "@/lib/detections/store";
import { detectionRecord } from "@/lib/test/detection-record";
import { parseCsv } from "@/lib/test/csv";
import { triageCsv, TRIAGE_CSV_COLUMNS } from "@/lib/triage/csv";
import { triageExportRows } from "@/lib/triage/export";
import { changeTriage } from "@/lib/triage/store";

const ORIGIN = new URL("https://briefs.example.test");
const ana = { id: "user-ana", email: "ana@example.test", role: "analyst" as const };
const RULE_ID = "00000000-0000-4000-8000-0000000000e1";

async function brief(slug: string, title: string, severity: string, day: number) {
  return db.brief.create({
    data: {
      identity: slug,
      slug,
      severity,
      publishedAt: new Date(Date.UTC(2026, 10, day)),
      contentHash: slug,
      title,
      summary: "",
      summaryHtml: "",
      attackChain: [],
      recommendations: [],
      bodyHtml: "",
      bodyText: "",
    },
  });
}

const exportOf = async (query: Record<string, string>) =>
  parseCsv(triageCsv(await triageExportRows(parseBriefListParams(query), ORIGIN)));

beforeAll(async () => {
  await db.user.create({ data: { id: ana.id, name: "ana", email: ana.email, role: ana.role } });
  // A feed's title may start like a formula: the export must not let a spreadsheet run it.
  const formula = await brief("formula", '=HYPERLINK("https://evil.example","click")', "high", 3);
  await brief("plain-high", "Plain high brief", "high", 2);
  await brief("critical-owned", "Critical, owned", "critical", 1);
  await brief("low-one", "-Low, with a comma", "low", 4);
  await changeTriage("critical-owned", { assignee: ana.email }, 0, ana);
  await changeTriage("low-one", { state: "dismissed", reason: "other", comment: "@SUM(1+1) noise" }, 0, ana);
  await saveLibrary(
    "sigma-import",
    [{ ...detectionRecord({ id: RULE_ID, title: "Token replay" }), originPath: "r.yml" }],
    [],
  );
  await db.briefDetection.create({ data: { briefId: formula.id, detectionId: RULE_ID, reason: "title" } });
  await deployRule(ana, RULE_ID, "splunk");
  await deployRule(ana, RULE_ID, "sentinel");
});

describe("/triage.csv's rows", () => {
  it("holds exactly the view's briefs, in the list's order, with state, owner and last change", async () => {
    const rows = await exportOf({ status: "new", severity: "high,critical", assignee: "none" });
    expect(rows[0]).toEqual([...TRIAGE_CSV_COLUMNS]);
    expect(rows.slice(1).map((row) => row[1])).toEqual([
      "https://briefs.example.test/briefs/formula",
      "https://briefs.example.test/briefs/plain-high",
    ]);
    const owned = await exportOf({ assignee: ana.email });
    expect(owned.slice(1).map((row) => [row[1].split("/").at(-1), row[4], row[5], row[9]])).toEqual([
      ["critical-owned", "New", ana.email, ana.email],
    ]);
  });

  it("escapes cells a spreadsheet would run as formulas, and names the deployed rules and reasons", async () => {
    const rows = await exportOf({});
    const bySlug = new Map(rows.slice(1).map((row) => [row[1].split("/").at(-1)!, row]));
    expect(bySlug.get("formula")![0]).toBe(`'=HYPERLINK("https://evil.example","click")`);
    expect(bySlug.get("formula")![10]).toBe("Token replay (Microsoft Sentinel, Splunk)");
    expect(bySlug.get("low-one")![0]).toBe("'-Low, with a comma");
    expect(bySlug.get("low-one")!.slice(4, 8)).toEqual(["Dismissed", "", "Other", "'@SUM(1+1) noise"]);
    expect(bySlug.get("plain-high")!.slice(4, 11)).toEqual(["New", "", "", "", "", "", ""]);
  });
});
