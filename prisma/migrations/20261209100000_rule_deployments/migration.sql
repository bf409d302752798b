-- Rules deployed per SIEM (lib/deployments/), their append-only history, and the SIEM tab a user last chose.
-- AlterTable
ALTER TABLE "User" ADD COLUMN "preferredSiem" TEXT;

-- CreateTable
CREATE TABLE "RuleDeployment" (
    "detectionId" TEXT NOT NULL,
    "siem" TEXT NOT NULL,
    "reference" TEXT,
    "deployedById" TEXT,
    "deployedBy" TEXT NOT NULL,
    "deployedAt" DATETIME NOT NULL,
    "query" TEXT,
    "queryHash" TEXT NOT NULL,

    PRIMARY KEY ("detectionId", "siem"),
    CONSTRAINT "RuleDeployment_detectionId_fkey" FOREIGN KEY ("detectionId") REFERENCES "Detection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RuleDeploymentEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "detectionId" TEXT NOT NULL,
    "siem" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reference" TEXT,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queryHash" TEXT
);

-- CreateIndex
CREATE INDEX "RuleDeployment_siem_idx" ON "RuleDeployment"("siem");

-- CreateIndex
CREATE INDEX "RuleDeploymentEvent_detectionId_at_idx" ON "RuleDeploymentEvent"("detectionId", "at");

-- Pages show deployments (rule panels, coverage of=deployed): their changes move the shared-page
-- cache's data version like every data table's (see 20261208000000_sign_in). The user's chosen tab does not.
CREATE TRIGGER "RuleDeployment_data_changed_insert" AFTER INSERT ON "RuleDeployment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "RuleDeployment_data_changed_update" AFTER UPDATE ON "RuleDeployment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "RuleDeployment_data_changed_delete" AFTER DELETE ON "RuleDeployment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "RuleDeploymentEvent_data_changed_insert" AFTER INSERT ON "RuleDeploymentEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "RuleDeploymentEvent_data_changed_update" AFTER UPDATE ON "RuleDeploymentEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "RuleDeploymentEvent_data_changed_delete" AFTER DELETE ON "RuleDeploymentEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
