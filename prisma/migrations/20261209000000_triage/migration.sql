-- Team triage: the decision on each brief (state, reason, owner, version) and its append-only history.
-- CreateTable
CREATE TABLE "BriefTriage" (
    "briefId" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL DEFAULT 'new',
    "reason" TEXT,
    "comment" TEXT,
    "duplicateOf" TEXT,
    "assigneeId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "changedAt" DATETIME,
    "changedBy" TEXT,
    "firstDecidedAt" DATETIME,
    CONSTRAINT "BriefTriage_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BriefTriage_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TriageEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "briefId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "reason" TEXT,
    "comment" TEXT,
    "fromAssignee" TEXT,
    "toAssignee" TEXT,
    CONSTRAINT "TriageEvent_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BriefTriage_state_idx" ON "BriefTriage"("state");

-- CreateIndex
CREATE INDEX "BriefTriage_assigneeId_idx" ON "BriefTriage"("assigneeId");

-- CreateIndex
CREATE INDEX "TriageEvent_briefId_at_idx" ON "TriageEvent"("briefId", "at");

-- Brief pages show the team's decision: its changes move the shared-page cache's data version like
-- every data table's (see 20261208000000_sign_in).
CREATE TRIGGER "BriefTriage_data_changed_insert" AFTER INSERT ON "BriefTriage" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "BriefTriage_data_changed_update" AFTER UPDATE ON "BriefTriage" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "BriefTriage_data_changed_delete" AFTER DELETE ON "BriefTriage" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "TriageEvent_data_changed_insert" AFTER INSERT ON "TriageEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "TriageEvent_data_changed_update" AFTER UPDATE ON "TriageEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "TriageEvent_data_changed_delete" AFTER DELETE ON "TriageEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
