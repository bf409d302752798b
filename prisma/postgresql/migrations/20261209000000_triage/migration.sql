-- Team triage: the decision on each brief (state, reason, owner, version) and its append-only history.
-- CreateTable
CREATE TABLE "BriefTriage" (
    "briefId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'new',
    "reason" TEXT,
    "comment" TEXT,
    "duplicateOf" TEXT,
    "assigneeId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "changedAt" TIMESTAMP(3),
    "changedBy" TEXT,
    "firstDecidedAt" TIMESTAMP(3),

    CONSTRAINT "BriefTriage_pkey" PRIMARY KEY ("briefId")
);

-- CreateTable
CREATE TABLE "TriageEvent" (
    "id" TEXT NOT NULL,
    "briefId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "reason" TEXT,
    "comment" TEXT,
    "fromAssignee" TEXT,
    "toAssignee" TEXT,

    CONSTRAINT "TriageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BriefTriage_state_idx" ON "BriefTriage"("state");

-- CreateIndex
CREATE INDEX "BriefTriage_assigneeId_idx" ON "BriefTriage"("assigneeId");

-- CreateIndex
CREATE INDEX "TriageEvent_briefId_at_idx" ON "TriageEvent"("briefId", "at");

-- AddForeignKey
ALTER TABLE "BriefTriage" ADD CONSTRAINT "BriefTriage_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefTriage" ADD CONSTRAINT "BriefTriage_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageEvent" ADD CONSTRAINT "TriageEvent_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Brief pages show the team's decision: a change notifies the shared-page cache like every data
-- table's (see 20261207000300_data_changed_rows).
SELECT briefs_watch_table('BriefTriage');
SELECT briefs_watch_table('TriageEvent');
