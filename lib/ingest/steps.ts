import "server-only";
import { relinkBriefsToDetections } from "@/lib/detections/links";
import type { IngestSteps } from "@/lib/feed/ingest";
import type { WithinStore } from "@/lib/feed/store";
import { queueNotifications } from "@/lib/notify/outbox";

const queueNotificationsStep: WithinStore = async (tx, changes) => {
  await queueNotifications(tx, changes);
};

async function relinkStep(): Promise<void> {
  await relinkBriefsToDetections();
}

/**
 * What an ingest does besides storing briefs, in one place. Inside the store's transaction: the
 * notifications new and raised briefs call for, so they are queued exactly when the briefs commit
 * (a crash between the two would otherwise lose or repeat them). After a store that changed briefs:
 * relinking briefs to the rules they name, which reads the committed briefs.
 */
export const INGEST_STEPS: IngestSteps = {
  withinStore: [queueNotificationsStep],
  afterChange: [relinkStep],
};
