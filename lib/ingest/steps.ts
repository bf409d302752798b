import "server-only";
import { relinkBriefsToDetections } from "@/lib/detections/links";
import type { WithinRuleSave } from "@/lib/detections/store";
import type { IngestSteps } from "@/lib/feed/ingest";
import type { WithinStore } from "@/lib/feed/store";
import { applyFeedUpdatesToDecisions } from "@/lib/ingest/decided-briefs";
import { queueChangeNotifications, queueNotifications } from "@/lib/notify/outbox";
import { ruleChangesToNotify, type RuleChangeActor } from "@/lib/notify/rule-changes";

const decisionsStep: WithinStore = async (tx, changes) => {
  await queueChangeNotifications(tx, await applyFeedUpdatesToDecisions(tx, changes), changes.now);
};

const queueNotificationsStep: WithinStore = async (tx, changes) => {
  await queueNotifications(tx, changes);
};

async function relinkStep(): Promise<void> {
  await relinkBriefsToDetections();
}

/**
 * What an ingest does besides storing briefs, in one place. Inside the store's transaction: what the
 * feed's changes do to the team's decisions (a raised dismissed brief reopens, other decided ones are
 * flagged), and the notifications new, raised and reopened briefs call for, so both commit exactly
 * when the briefs do (a crash between them would otherwise lose or repeat them). After a store that
 * changed briefs: relinking briefs to the rules they name, which reads the committed briefs.
 */
export const INGEST_STEPS: IngestSteps = {
  withinStore: [decisionsStep, queueNotificationsStep],
  afterChange: [relinkStep],
};

const ruleChangesStep =
  (by: RuleChangeActor): WithinRuleSave =>
  async (tx, rewritten, now) => {
    await queueChangeNotifications(tx, await ruleChangesToNotify(tx, rewritten, now, by), now);
  };

/**
 * What a rule library sync does besides storing rules, inside its transaction: the notifications a
 * deployed rule whose query changed calls for, committed exactly when the rules are.
 */
export const RULE_SYNC_STEPS: readonly WithinRuleSave[] = [ruleChangesStep("rule-sync")];

/** The same for rules saved by hand (`rules:import`) or from the bundled files at start-up. */
export const RULE_IMPORT_STEPS: readonly WithinRuleSave[] = [ruleChangesStep("rule-import")];
