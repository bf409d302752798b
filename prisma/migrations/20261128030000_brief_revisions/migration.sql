-- CreateTable
CREATE TABLE "BriefRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "briefId" TEXT NOT NULL,
    "capturedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "severityRaw" TEXT,
    "type" TEXT,
    "publishedAt" DATETIME,
    "summaryHtml" TEXT NOT NULL,
    "impactHtml" TEXT,
    "attackChain" JSONB NOT NULL,
    "recommendations" JSONB NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    CONSTRAINT "BriefRevision_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BriefRevision_briefId_capturedAt_idx" ON "BriefRevision"("briefId", "capturedAt");

