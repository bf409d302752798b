-- CreateTable
CREATE TABLE "NotifyTarget" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "events" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "removedAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastFailureAt" DATETIME,
    "lastFailureReason" TEXT
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "targetName" TEXT NOT NULL,
    "briefId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "previousSeverity" TEXT,
    "createdAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "lastAttemptAt" DATETIME,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    CONSTRAINT "Notification_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataRepair" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "doneAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_status_nextAttemptAt_idx" ON "Notification"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notification_targetName_status_idx" ON "Notification"("targetName", "status");

-- CreateIndex
CREATE INDEX "Notification_briefId_idx" ON "Notification"("briefId");


-- Titles stored before titles were decoded once more after XML (lib/feed/title.ts) still read
-- "Entra ID &amp; Intune": the next process that applies migrations decodes them (lib/db-migrations.ts).
INSERT INTO "DataRepair" ("name") VALUES ('decode-stored-titles');
