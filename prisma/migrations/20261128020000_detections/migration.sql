-- CreateTable
CREATE TABLE "Detection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "normalizedTitle" TEXT NOT NULL,
    "status" TEXT,
    "level" TEXT,
    "description" TEXT,
    "logProduct" TEXT,
    "logService" TEXT,
    "logCategory" TEXT,
    "ruleFormat" TEXT NOT NULL,
    "techniques" JSONB NOT NULL,
    "tactics" JSONB NOT NULL,
    "falsePositives" JSONB NOT NULL,
    "references" JSONB NOT NULL,
    "triage" JSONB NOT NULL,
    "nativeQuery" JSONB,
    "source" TEXT NOT NULL,
    "author" TEXT,
    "license" TEXT,
    "contentHash" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "ruleText" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "BriefDetection" (
    "briefId" TEXT NOT NULL,
    "detectionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    PRIMARY KEY ("briefId", "detectionId"),
    CONSTRAINT "BriefDetection_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BriefDetection_detectionId_fkey" FOREIGN KEY ("detectionId") REFERENCES "Detection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Detection_normalizedTitle_idx" ON "Detection"("normalizedTitle");

-- CreateIndex
CREATE INDEX "Detection_level_idx" ON "Detection"("level");

-- CreateIndex
CREATE INDEX "Detection_logProduct_logService_idx" ON "Detection"("logProduct", "logService");

-- CreateIndex
CREATE INDEX "BriefDetection_detectionId_idx" ON "BriefDetection"("detectionId");
