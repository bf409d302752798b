-- A decided brief the feed changed since ("updated since the decision" until acknowledged), and the
-- facts of a change-notification (assigned, state-changed, rule-changed-since-deployed).
-- AlterTable
ALTER TABLE "BriefTriage" ADD COLUMN "updatedSinceDecisionAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "detail" TEXT;
