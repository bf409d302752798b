-- CreateTable
CREATE TABLE "Feed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "lastFetchedAt" DATETIME,
    "lastChangedAt" DATETIME,
    "lastOutcome" TEXT,
    "lastError" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Brief" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identity" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "publishedAt" DATETIME,
    "type" TEXT,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
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
    "bodyText" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "BriefTag" (
    "briefId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,

    PRIMARY KEY ("briefId", "tagId"),
    CONSTRAINT "BriefTag_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BriefTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BriefFeed" (
    "briefId" TEXT NOT NULL,
    "feedId" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("briefId", "feedId"),
    CONSTRAINT "BriefFeed_briefId_fkey" FOREIGN KEY ("briefId") REFERENCES "Brief" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BriefFeed_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IngestRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "feedId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "status" TEXT NOT NULL,
    "seen" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    CONSTRAINT "IngestRun_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IngestLease" (
    "feedUrl" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
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

-- Full-text search over briefs: an external-content FTS5 index of Brief, kept in step by triggers
-- so every writer (ingest, imports, manual fixes) updates it without knowing it exists.
CREATE VIRTUAL TABLE "BriefSearch" USING fts5(
    "title", "summary", "bodyText",
    content = 'Brief',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER "Brief_search_insert" AFTER INSERT ON "Brief" BEGIN
    INSERT INTO "BriefSearch" ("rowid", "title", "summary", "bodyText") VALUES (new."rowid", new."title", new."summary", new."bodyText");
END;

CREATE TRIGGER "Brief_search_delete" AFTER DELETE ON "Brief" BEGIN
    INSERT INTO "BriefSearch" ("BriefSearch", "rowid", "title", "summary", "bodyText") VALUES ('delete', old."rowid", old."title", old."summary", old."bodyText");
END;

CREATE TRIGGER "Brief_search_update" AFTER UPDATE OF "title", "summary", "bodyText" ON "Brief" BEGIN
    INSERT INTO "BriefSearch" ("BriefSearch", "rowid", "title", "summary", "bodyText") VALUES ('delete', old."rowid", old."title", old."summary", old."bodyText");
    INSERT INTO "BriefSearch" ("rowid", "title", "summary", "bodyText") VALUES (new."rowid", new."title", new."summary", new."bodyText");
END;
