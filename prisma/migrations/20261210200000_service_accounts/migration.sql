-- Service accounts (lib/auth/service-accounts.ts): a SOAR acts under its own name, through tokens only.
-- AlterTable
ALTER TABLE "User" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'person';
