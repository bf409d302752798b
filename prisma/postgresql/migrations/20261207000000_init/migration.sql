-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Feed" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "lastFetchedAt" TIMESTAMP(3),
    "lastChangedAt" TIMESTAMP(3),
    "lastOutcome" TEXT,
    "lastError" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Feed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Brief" (
    "id" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "type" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "contentHash" TEXT NOT NULL,
    "severityRaw" TEXT,
    "title" TEXT NOT NULL,
    "link" TEXT,
    "summary" TEXT NOT NULL,
    "summaryHtml" TEXT NOT NULL,
    "impactHtml" TEXT,
    "attackChain" JSONB NOT NULL,
    "recommendations" JSONB NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "bodyText" TEXT NOT NULL,

    CONSTRAINT "Brief_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BriefRevision" (
    "id" TEXT NOT NULL,
    "briefId" TEXT NOT NULL,
    "capturedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "severityRaw" TEXT,
    "type" TEXT,
    "publishedAt" TIMESTAMP(3),
    "summaryHtml" TEXT NOT NULL,
    "impactHtml" TEXT,
    "attackChain" JSONB NOT NULL,
    "recommendations" JSONB NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,

    CONSTRAINT "BriefRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BriefTag" (
    "briefId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,

    CONSTRAINT "BriefTag_pkey" PRIMARY KEY ("briefId","tagId")
);

-- CreateTable
CREATE TABLE "BriefFeed" (
    "briefId" TEXT NOT NULL,
    "feedId" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BriefFeed_pkey" PRIMARY KEY ("briefId","feedId")
);

-- CreateTable
CREATE TABLE "IngestRun" (
    "id" TEXT NOT NULL,
    "feedId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "seen" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "IngestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestLease" (
    "feedUrl" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IngestLease_pkey" PRIMARY KEY ("feedUrl")
);

-- CreateTable
CREATE TABLE "Detection" (
    "id" TEXT NOT NULL,
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
    "origin" TEXT,
    "originPath" TEXT,
    "retiredAt" TIMESTAMP(3),
    "author" TEXT,
    "license" TEXT,
    "contentHash" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "ruleText" TEXT NOT NULL,

    CONSTRAINT "Detection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DetectionTechnique" (
    "detectionId" TEXT NOT NULL,
    "techniqueId" TEXT NOT NULL,

    CONSTRAINT "DetectionTechnique_pkey" PRIMARY KEY ("detectionId","techniqueId")
);

-- CreateTable
CREATE TABLE "BriefDetection" (
    "briefId" TEXT NOT NULL,
    "detectionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "BriefDetection_pkey" PRIMARY KEY ("briefId","detectionId")
);

-- CreateTable
CREATE TABLE "RuleSource" (
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "lastSyncedAt" TIMESTAMP(3),
    "lastOutcome" TEXT,
    "lastError" TEXT,

    CONSTRAINT "RuleSource_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "RuleSyncRun" (
    "id" TEXT NOT NULL,
    "sourceName" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "retired" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "RuleSyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotifyTarget" (
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "events" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "removedAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),
    "lastFailureReason" TEXT,

    CONSTRAINT "NotifyTarget_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "briefId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "previousSeverity" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataRepair" (
    "name" TEXT NOT NULL,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "DataRepair_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Feed_url_key" ON "Feed"("url");

-- CreateIndex
CREATE UNIQUE INDEX "Brief_identity_key" ON "Brief"("identity");

-- CreateIndex
CREATE UNIQUE INDEX "Brief_slug_key" ON "Brief"("slug");

-- CreateIndex
CREATE INDEX "Brief_list_order_idx" ON "Brief"("publishedAt", "id", "severity");

-- CreateIndex
CREATE INDEX "Brief_severity_idx" ON "Brief"("severity", "publishedAt", "id");

-- CreateIndex
CREATE INDEX "Brief_type_idx" ON "Brief"("type");

-- CreateIndex
CREATE INDEX "BriefRevision_briefId_capturedAt_idx" ON "BriefRevision"("briefId", "capturedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");

-- CreateIndex
CREATE INDEX "Tag_kind_idx" ON "Tag"("kind");

-- CreateIndex
CREATE INDEX "BriefTag_tagId_briefId_idx" ON "BriefTag"("tagId", "briefId");

-- CreateIndex
CREATE INDEX "BriefFeed_feedId_idx" ON "BriefFeed"("feedId");

-- CreateIndex
CREATE INDEX "IngestRun_feedId_startedAt_idx" ON "IngestRun"("feedId", "startedAt");

-- CreateIndex
CREATE INDEX "IngestRun_startedAt_idx" ON "IngestRun"("startedAt");

-- CreateIndex
CREATE INDEX "Detection_normalizedTitle_idx" ON "Detection"("normalizedTitle");

-- CreateIndex
CREATE INDEX "Detection_level_idx" ON "Detection"("level");

-- CreateIndex
CREATE INDEX "Detection_logProduct_logService_idx" ON "Detection"("logProduct", "logService");

-- CreateIndex
CREATE INDEX "Detection_origin_idx" ON "Detection"("origin");

-- CreateIndex
CREATE INDEX "DetectionTechnique_techniqueId_idx" ON "DetectionTechnique"("techniqueId");

-- CreateIndex
CREATE INDEX "BriefDetection_detectionId_idx" ON "BriefDetection"("detectionId");

-- CreateIndex
CREATE INDEX "RuleSyncRun_sourceName_startedAt_idx" ON "RuleSyncRun"("sourceName", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_status_nextAttemptAt_idx" ON "Notification"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notification_targetName_status_idx" ON "Notification"("targetName", "status");

-- CreateIndex
CREATE INDEX "Notification_briefId_idx" ON "Notification"("briefId");

-- AddForeignKey
ALTER TABLE "BriefRevision" ADD CONSTRAINT "BriefRevision_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefTag" ADD CONSTRAINT "BriefTag_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefTag" ADD CONSTRAINT "BriefTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefFeed" ADD CONSTRAINT "BriefFeed_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefFeed" ADD CONSTRAINT "BriefFeed_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestRun" ADD CONSTRAINT "IngestRun_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DetectionTechnique" ADD CONSTRAINT "DetectionTechnique_detectionId_fkey" FOREIGN KEY ("detectionId") REFERENCES "Detection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefDetection" ADD CONSTRAINT "BriefDetection_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefDetection" ADD CONSTRAINT "BriefDetection_detectionId_fkey" FOREIGN KEY ("detectionId") REFERENCES "Detection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSyncRun" ADD CONSTRAINT "RuleSyncRun_sourceName_fkey" FOREIGN KEY ("sourceName") REFERENCES "RuleSource"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Full-text search over briefs, PostgreSQL's twin of SQLite's FTS5 "BriefSearch": one document per
-- brief, kept in step by a trigger so every writer updates it without knowing it exists.
-- The list's semantics require every word a person types to match, so the stemmer keeps stop words,
-- unaccent matches SQLite's remove_diacritics, and ASCII punctuation separates words as in FTS5's
-- unicode61 tokenizer (PostgreSQL's parser would keep "T1110.003" or "e-mail" whole).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY briefs_english_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION briefs_search (COPY = english);
ALTER TEXT SEARCH CONFIGURATION briefs_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, briefs_english_stem;

CREATE FUNCTION briefs_search_document(title TEXT, summary TEXT, body TEXT) RETURNS tsvector
    LANGUAGE sql STABLE
    AS $$ SELECT to_tsvector('briefs_search', regexp_replace(concat_ws(' ', title, summary, body), '[[:punct:]]+', ' ', 'g')) $$;

CREATE TABLE "BriefSearch" (
    "briefId" TEXT NOT NULL PRIMARY KEY REFERENCES "Brief"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "document" tsvector NOT NULL
);
CREATE INDEX "BriefSearch_document_idx" ON "BriefSearch" USING GIN ("document");

CREATE FUNCTION briefs_search_index() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO "BriefSearch" ("briefId", "document")
    VALUES (NEW."id", briefs_search_document(NEW."title", NEW."summary", NEW."bodyText"))
    ON CONFLICT ("briefId") DO UPDATE SET "document" = EXCLUDED."document";
    RETURN NULL;
END
$$;
CREATE TRIGGER "Brief_search_index" AFTER INSERT OR UPDATE OF "title", "summary", "bodyText" ON "Brief"
    FOR EACH ROW EXECUTE FUNCTION briefs_search_index();

-- The shared-page cache's data version: every committed write to any table notifies the channel
-- (PostgreSQL delivers notifications only on commit, one per transaction), and each server, listening
-- on a connection of its own, counts them (lib/page-cache/data-version.ts). A migration that adds a
-- table calls briefs_watch_table for it.
CREATE FUNCTION briefs_notify_data_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('briefs_data_changed', '');
    RETURN NULL;
END
$$;

CREATE FUNCTION briefs_watch_table(name TEXT) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_data_changed()', name || '_data_changed', name);
END
$$;

SELECT briefs_watch_table(tablename) FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations';
