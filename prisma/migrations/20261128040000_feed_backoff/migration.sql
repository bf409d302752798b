-- AlterTable
ALTER TABLE "Feed" ADD COLUMN "nextAttemptAt" DATETIME;
