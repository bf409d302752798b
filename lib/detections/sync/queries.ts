import "server-only";
import { db } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { RULE_LIBRARIES, isRuleLibraryName } from "@/lib/rule-libraries/rule-sources";

export type RuleSyncRunView = {
  id: string;
  location: string;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** The archive's version as its server named it: ETag, else Last-Modified. */
  archiveVersion: string | null;
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
  skipped: number;
  error: string | null;
};

export type RuleSourceStatusView = {
  name: string;
  label: string;
  url: string;
  configured: boolean;
  lastOutcome: string | null;
  lastError: string | null;
  activeRules: number;
  retiredRules: number;
  runs: RuleSyncRunView[];
};

/** Every configured rule library, and any synced before, with its most recent syncs, newest first. */
export async function listRuleSourceStatus(runsPerSource = 10): Promise<RuleSourceStatusView[]> {
  const configured = readEnv().RULE_SOURCES;
  const [stored, counts] = await Promise.all([
    db.ruleSource.findMany({ include: { runs: { orderBy: { startedAt: "desc" }, take: runsPerSource } } }),
    db.detection.groupBy({ by: ["origin", "retiredAt"], where: { origin: { not: null } }, _count: { _all: true } }),
  ]);
  const names = [...new Set([...configured.map((source) => source.name), ...stored.map((source) => source.name)])];
  return names.map((name) => {
    const row = stored.find((source) => source.name === name);
    const rulesOf = (retired: boolean) =>
      counts
        .filter((group) => group.origin === name && (group.retiredAt !== null) === retired)
        .reduce((sum, group) => sum + group._count._all, 0);
    return {
      name,
      label: isRuleLibraryName(name) ? RULE_LIBRARIES[name].label : name,
      url: configured.find((source) => source.name === name)?.url ?? row?.url ?? "",
      configured: configured.some((source) => source.name === name),
      lastOutcome: row?.lastOutcome ?? null,
      lastError: row?.lastError ?? null,
      activeRules: rulesOf(false),
      retiredRules: rulesOf(true),
      runs: (row?.runs ?? []).map((run) => ({
        id: run.id,
        location: run.location,
        trigger: run.trigger,
        status: run.status,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        archiveVersion: run.etag ?? run.lastModified,
        created: run.created,
        updated: run.updated,
        unchanged: run.unchanged,
        retired: run.retired,
        skipped: run.skipped,
        error: run.error,
      })),
    };
  });
}
