-- The team's notes on a brief (lib/notes/): a removed note keeps its row, without its body.
-- CreateTable
CREATE TABLE "BriefNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "briefId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorEmail" TEXT NOT NULL,
    "body" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" DATETIME,
    "removedAt" DATETIME,
    "removedBy" TEXT,
    CONSTRAINT "BriefNote_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BriefNote_briefId_createdAt_idx" ON "BriefNote"("briefId", "createdAt");

-- Brief pages show the notes: their changes move the shared-page cache's data version like every
-- data table's (see 20261208000000_sign_in).
CREATE TRIGGER "BriefNote_data_changed_insert" AFTER INSERT ON "BriefNote" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "BriefNote_data_changed_update" AFTER UPDATE ON "BriefNote" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "BriefNote_data_changed_delete" AFTER DELETE ON "BriefNote" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
