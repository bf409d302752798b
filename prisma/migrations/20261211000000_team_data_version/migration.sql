-- The team's own writes (decisions, history, notes, deployments, the notification outbox) move
-- "TeamDataVersion" instead of "DataVersion". Pages show them, so the shared-page cache keys on both; the reads cached per data version (severity counts, tag facets, coverage
-- counts: lib/briefs/read-cache.ts) come from briefs and rules only and key on "DataVersion" alone, so a triage
-- change no longer makes every page recount 50,000 briefs. A table the read cache does not read and
-- the team writes often belongs here too.
CREATE TABLE "TeamDataVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
    "version" INTEGER NOT NULL
);
INSERT INTO "TeamDataVersion" ("id", "version") VALUES (1, 0);
DROP TRIGGER "BriefTriage_data_changed_insert";
CREATE TRIGGER "BriefTriage_data_changed_insert" AFTER INSERT ON "BriefTriage" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "BriefTriage_data_changed_update";
CREATE TRIGGER "BriefTriage_data_changed_update" AFTER UPDATE ON "BriefTriage" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "BriefTriage_data_changed_delete";
CREATE TRIGGER "BriefTriage_data_changed_delete" AFTER DELETE ON "BriefTriage" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "TriageEvent_data_changed_insert";
CREATE TRIGGER "TriageEvent_data_changed_insert" AFTER INSERT ON "TriageEvent" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "TriageEvent_data_changed_update";
CREATE TRIGGER "TriageEvent_data_changed_update" AFTER UPDATE ON "TriageEvent" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "TriageEvent_data_changed_delete";
CREATE TRIGGER "TriageEvent_data_changed_delete" AFTER DELETE ON "TriageEvent" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "BriefNote_data_changed_insert";
CREATE TRIGGER "BriefNote_data_changed_insert" AFTER INSERT ON "BriefNote" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "BriefNote_data_changed_update";
CREATE TRIGGER "BriefNote_data_changed_update" AFTER UPDATE ON "BriefNote" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "BriefNote_data_changed_delete";
CREATE TRIGGER "BriefNote_data_changed_delete" AFTER DELETE ON "BriefNote" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "RuleDeployment_data_changed_insert";
CREATE TRIGGER "RuleDeployment_data_changed_insert" AFTER INSERT ON "RuleDeployment" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "RuleDeployment_data_changed_update";
CREATE TRIGGER "RuleDeployment_data_changed_update" AFTER UPDATE ON "RuleDeployment" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "RuleDeployment_data_changed_delete";
CREATE TRIGGER "RuleDeployment_data_changed_delete" AFTER DELETE ON "RuleDeployment" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "RuleDeploymentEvent_data_changed_insert";
CREATE TRIGGER "RuleDeploymentEvent_data_changed_insert" AFTER INSERT ON "RuleDeploymentEvent" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "RuleDeploymentEvent_data_changed_update";
CREATE TRIGGER "RuleDeploymentEvent_data_changed_update" AFTER UPDATE ON "RuleDeploymentEvent" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "RuleDeploymentEvent_data_changed_delete";
CREATE TRIGGER "RuleDeploymentEvent_data_changed_delete" AFTER DELETE ON "RuleDeploymentEvent" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "Notification_data_changed_insert";
CREATE TRIGGER "Notification_data_changed_insert" AFTER INSERT ON "Notification" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "Notification_data_changed_update";
CREATE TRIGGER "Notification_data_changed_update" AFTER UPDATE ON "Notification" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
DROP TRIGGER "Notification_data_changed_delete";
CREATE TRIGGER "Notification_data_changed_delete" AFTER DELETE ON "Notification" BEGIN UPDATE "TeamDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
