import "server-only";
import { readEnv } from "@/lib/env";
import { loadNotifyConfig, type NotifyTargetConfig } from "@/lib/notify/config";
import { openDeliveryStore } from "@/lib/notify/delivery-store";

/**
 * Reads NOTIFY_CONFIG and, when it is set, registers its targets in the database, where every
 * ingest (the server's or a command line's) finds them. A process without NOTIFY_CONFIG leaves the
 * registered targets alone. Throws NotifyConfigError on a bad configuration.
 */
export async function registerConfiguredTargets(
  env: Partial<Record<string, string>> = process.env,
): Promise<NotifyTargetConfig[]> {
  const targets = loadNotifyConfig(env);
  if (!readEnv(env).NOTIFY_CONFIG) return targets;
  const store = openDeliveryStore();
  try {
    await store.registerTargets(targets);
  } finally {
    await store.close();
  }
  return targets;
}
