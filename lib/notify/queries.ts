import "server-only";
import { db } from "@/lib/db";
import { briefListHref } from "@/lib/briefs/list-href";
import { describeFilters, parseBriefListParams, searchParamsRecord } from "@/lib/briefs/validations";
import { loadNotifyConfig, targetHost, type NotifyTargetConfig } from "@/lib/notify/config";

export type NotifyTargetStatusView = {
  name: string;
  kind: string;
  /** Where it posts, host only: Slack and Teams webhook URLs are secrets. Null when this process's NOTIFY_CONFIG does not name it. */
  host: string | null;
  filterLabel: string;
  /** The list view of the target's filter: the briefs it is told of, as they arrive. */
  filterHref: string;
  events: string[];
  since: Date;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastFailureReason: string | null;
  queued: number;
  delivered: number;
  failed: number;
};

function configuredTargets(): NotifyTargetConfig[] {
  try {
    return loadNotifyConfig();
  } catch {
    // Start-up refuses a bad configuration; a file edited since is reported by the next start.
    return [];
  }
}

/** Every registered notification target with how its deliveries went and what waits in its queue. */
export async function listNotifyTargetStatus(): Promise<NotifyTargetStatusView[]> {
  const [targets, counts] = await Promise.all([
    db.notifyTarget.findMany({ where: { removedAt: null }, orderBy: { name: "asc" } }),
    db.notification.groupBy({ by: ["targetName", "status"], _count: { _all: true } }),
  ]);
  const configured = configuredTargets();
  const count = (name: string, status: string) =>
    counts.find((group) => group.targetName === name && group.status === status)?._count._all ?? 0;
  return targets.map((target) => {
    const filters = parseBriefListParams(searchParamsRecord(target.filter));
    const config = configured.find((candidate) => candidate.name === target.name);
    return {
      name: target.name,
      kind: target.kind,
      host: config ? targetHost(config) : null,
      filterLabel: target.filter ? describeFilters(filters) : "All briefs",
      filterHref: briefListHref(filters),
      events: Array.isArray(target.events)
        ? target.events.filter((event): event is string => typeof event === "string")
        : [],
      since: target.createdAt,
      lastSuccessAt: target.lastSuccessAt,
      lastFailureAt: target.lastFailureAt,
      lastFailureReason: target.lastFailureReason,
      queued: count(target.name, "pending"),
      delivered: count(target.name, "delivered"),
      failed: count(target.name, "failed"),
    };
  });
}
