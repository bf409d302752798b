-- AlterTable
ALTER TABLE "Detection" ADD COLUMN "origin" TEXT;
ALTER TABLE "Detection" ADD COLUMN "originPath" TEXT;
ALTER TABLE "Detection" ADD COLUMN "retiredAt" DATETIME;

-- CreateTable
CREATE TABLE "RuleSource" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "lastSyncedAt" DATETIME,
    "lastOutcome" TEXT,
    "lastError" TEXT
);

-- CreateTable
CREATE TABLE "RuleSyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceName" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "status" TEXT NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "retired" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    CONSTRAINT "RuleSyncRun_sourceName_fkey" FOREIGN KEY ("sourceName") REFERENCES "RuleSource" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RuleSyncRun_sourceName_startedAt_idx" ON "RuleSyncRun"("sourceName", "startedAt");

-- CreateIndex
CREATE INDEX "Detection_origin_idx" ON "Detection"("origin");
