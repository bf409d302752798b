-- The team's notes on a brief (lib/notes/): a removed note keeps its row, without its body.
-- CreateTable
CREATE TABLE "BriefNote" (
    "id" TEXT NOT NULL,
    "briefId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorEmail" TEXT NOT NULL,
    "body" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMP(3),
    "removedAt" TIMESTAMP(3),
    "removedBy" TEXT,

    CONSTRAINT "BriefNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BriefNote_briefId_createdAt_idx" ON "BriefNote"("briefId", "createdAt");

-- AddForeignKey
ALTER TABLE "BriefNote" ADD CONSTRAINT "BriefNote_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Brief pages show the notes: a change notifies the shared-page cache like every data table's
-- (see 20261207000300_data_changed_rows).
SELECT briefs_watch_table('BriefNote');
