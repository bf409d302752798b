-- CreateTable
CREATE TABLE "DetectionTechnique" (
    "detectionId" TEXT NOT NULL,
    "techniqueId" TEXT NOT NULL,

    PRIMARY KEY ("detectionId", "techniqueId"),
    CONSTRAINT "DetectionTechnique_detectionId_fkey" FOREIGN KEY ("detectionId") REFERENCES "Detection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DetectionTechnique_techniqueId_idx" ON "DetectionTechnique"("techniqueId");

-- Rules stored before this migration: their techniques, from the JSON column.
INSERT OR IGNORE INTO "DetectionTechnique" ("detectionId", "techniqueId")
SELECT d."id", UPPER(TRIM(j."value")) FROM "Detection" d, json_each(d."techniques") j WHERE j."type" = 'text';
