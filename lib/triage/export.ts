import "server-only";
import { readDate, readRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { briefHref } from "@/lib/briefs/list-href";
import { anyOf } from "@/lib/briefs/list-query";
import { listViewBriefIds } from "@/lib/briefs/queries";
import { DISMISS_REASON_LABELS, isDismissReason, isTriageState, TRIAGE_STATE_LABELS } from "@/lib/briefs/triage-states";
import type { BriefListParams } from "@/lib/briefs/validations";
import { isSiem, SIEMS, siemLabel } from "@/lib/deployments/validations";
import type { TriageCsvRow } from "@/lib/triage/csv";

/** The most lines one export holds; a bigger view is cut there and says so in its file name. */
export const TRIAGE_EXPORT_LIMIT = 100_000;
// Rows are read for this many briefs at a time: one IN list per query stays small on both databases.
const CHUNK = 1_000;

type BriefRow = {
  id: string;
  slug: string;
  title: string;
  severity: string;
  publishedAt: Date | string | null;
  state: string | null;
  reason: string | null;
  duplicateOf: string | null;
  comment: string | null;
  changedAt: Date | string | null;
  changedBy: string | null;
  owner: string | null;
};

function reasonLabel(row: BriefRow): string | null {
  if (row.reason === "duplicate") return `Duplicate of ${row.duplicateOf ?? "another brief"}`;
  return row.reason && isDismissReason(row.reason) ? DISMISS_REASON_LABELS[row.reason] : row.reason;
}

/** "Rule title (Sentinel, Splunk)" for each rule of these briefs the team runs somewhere, by brief id. */
async function deployedRulesOf(ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await readRows<{ briefId: string; detectionId: string; title: string; siem: string }>(Prisma.sql`
    SELECT bd."briefId" AS "briefId", d."id" AS "detectionId", d."title" AS "title", rd."siem" AS "siem"
    FROM "BriefDetection" bd
    JOIN "Detection" d ON d."id" = bd."detectionId"
    JOIN "RuleDeployment" rd ON rd."detectionId" = bd."detectionId"
    WHERE ${anyOf(Prisma.sql`bd."briefId"`, ids)}`);
  const byBrief = new Map<string, Map<string, { title: string; siems: Set<string> }>>();
  for (const row of rows) {
    const rules = byBrief.get(row.briefId) ?? new Map<string, { title: string; siems: Set<string> }>();
    const rule = rules.get(row.detectionId) ?? { title: row.title, siems: new Set<string>() };
    rule.siems.add(row.siem);
    rules.set(row.detectionId, rule);
    byBrief.set(row.briefId, rules);
  }
  return new Map(
    [...byBrief].map(([briefId, rules]) => [
      briefId,
      [...rules.values()]
        .sort((a, b) => a.title.localeCompare(b.title))
        .map((rule) => {
          const siems = SIEMS.filter((siem) => rule.siems.has(siem)).map(siemLabel);
          const unknown = [...rule.siems].filter((siem) => !isSiem(siem));
          return `${rule.title} (${[...siems, ...unknown].join(", ")})`;
        }),
    ]),
  );
}

async function chunkRows(ids: readonly string[], origin: URL): Promise<TriageCsvRow[]> {
  const [rows, deployed] = await Promise.all([
    readRows<BriefRow>(Prisma.sql`
      SELECT b."id" AS "id", b."slug" AS "slug", b."title" AS "title", b."severity" AS "severity",
        b."publishedAt" AS "publishedAt", tr."state" AS "state", tr."reason" AS "reason",
        tr."duplicateOf" AS "duplicateOf", tr."comment" AS "comment", tr."changedAt" AS "changedAt",
        tr."changedBy" AS "changedBy", u."email" AS "owner"
      FROM "Brief" b
      LEFT JOIN "BriefTriage" tr ON tr."briefId" = b."id"
      LEFT JOIN "User" u ON u."id" = tr."assigneeId"
      WHERE ${anyOf(Prisma.sql`b."id"`, ids)}`),
    deployedRulesOf(ids),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const state = row.state && isTriageState(row.state) ? row.state : "new";
    return [
      {
        title: row.title,
        url: new URL(briefHref(row.slug), origin).href,
        severity: row.severity,
        publishedAt: readDate(row.publishedAt),
        state: TRIAGE_STATE_LABELS[state],
        owner: row.owner,
        reason: state === "dismissed" ? reasonLabel(row) : null,
        comment: row.comment,
        changedAt: readDate(row.changedAt),
        changedBy: row.changedBy,
        deployedRules: deployed.get(id) ?? [],
      },
    ];
  });
}

/**
 * Every brief of a list view, in the list's order, with the team's decision on it and the rules it
 * runs: /triage.csv. `params` are the view's filters as queried (the caller's "me" already an email).
 */
export async function triageExportRows(params: BriefListParams, origin: URL): Promise<TriageCsvRow[]> {
  const ids = (await listViewBriefIds(params, TRIAGE_EXPORT_LIMIT)).map((row) => row.id);
  const rows: TriageCsvRow[] = [];
  for (let start = 0; start < ids.length; start += CHUNK)
    rows.push(...(await chunkRows(ids.slice(start, start + CHUNK), origin)));
  return rows;
}
