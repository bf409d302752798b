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
    "deployedAt" TIMESTAMP(3) NOT NULL,
    "query" TEXT,
    "queryHash" TEXT NOT NULL,

    CONSTRAINT "RuleDeployment_pkey" PRIMARY KEY ("detectionId","siem")
);

-- CreateTable
CREATE TABLE "RuleDeploymentEvent" (
    "id" TEXT NOT NULL,
    "detectionId" TEXT NOT NULL,
    "siem" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reference" TEXT,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queryHash" TEXT,

    CONSTRAINT "RuleDeploymentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RuleDeployment_siem_idx" ON "RuleDeployment"("siem");

-- CreateIndex
CREATE INDEX "RuleDeploymentEvent_detectionId_at_idx" ON "RuleDeploymentEvent"("detectionId", "at");

-- AddForeignKey
ALTER TABLE "RuleDeployment" ADD CONSTRAINT "RuleDeployment_detectionId_fkey" FOREIGN KEY ("detectionId") REFERENCES "Detection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Pages show deployments (rule panels, coverage of=deployed): a change notifies the shared-page
-- cache like every data table's (see 20261207000300_data_changed_rows). The user's chosen tab does not.
SELECT briefs_watch_table('RuleDeployment');
SELECT briefs_watch_table('RuleDeploymentEvent');
