-- Indexes PostgreSQL needs for the brief list in its own order (lib/briefs/list-query.ts). Written by
-- hand: Prisma's schema cannot say DESC NULLS LAST, INCLUDE or an expression, and the SQLite schema's
-- indexes serve SQLite's order (NULLs last when descending), not PostgreSQL's (NULLs first).

-- Newest first, undated briefs last, ties by id: a page of the default list reads 20 entries of this
-- index and stops. The severity rides along so a severity filter is answered from the index alone.
CREATE INDEX "Brief_newest_idx" ON "Brief" ("publishedAt" DESC NULLS LAST, "id" DESC) INCLUDE ("severity");

-- "Most severe first": the list's SEVERITY_RANK expression (lib/briefs/list-query.ts), then newest
-- first. PostgreSQL uses an expression index only for the very same expression: change both together.
CREATE INDEX "Brief_severity_rank_idx" ON "Brief" (
    (CASE "severity" WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 WHEN 'info' THEN 4 ELSE 5 END),
    "publishedAt" DESC NULLS LAST,
    "id" DESC
);
