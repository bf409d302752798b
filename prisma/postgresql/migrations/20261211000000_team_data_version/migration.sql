-- The team's own writes (decisions, history, notes, deployments, the notification outbox) notify
-- with the payload 'team', which lib/page-cache/data-version.ts counts apart: pages show them, so the
-- shared-page cache keys on both counts, while the reads cached per data version (severity counts,
-- tag facets, coverage counts: lib/briefs/read-cache.ts) come from briefs and rules only and key on
-- the other count, so a triage change no longer makes every page recount 50,000 briefs.
CREATE FUNCTION briefs_notify_team_rows_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT FROM changed_rows) THEN
        PERFORM pg_notify('briefs_data_changed', 'team');
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION briefs_notify_team_data_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('briefs_data_changed', 'team');
    RETURN NULL;
END
$$;

-- Like briefs_watch_table, for a table of the team's writes.
CREATE FUNCTION briefs_watch_team_table(name TEXT) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', name || '_rows_inserted', name);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', name || '_rows_updated', name);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', name || '_rows_deleted', name);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', name || '_truncated', name);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_team_rows_changed()', name || '_rows_inserted', name);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_team_rows_changed()', name || '_rows_updated', name);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_team_rows_changed()', name || '_rows_deleted', name);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_team_data_changed()', name || '_truncated', name);
END
$$;

SELECT briefs_watch_team_table('BriefTriage');
SELECT briefs_watch_team_table('TriageEvent');
SELECT briefs_watch_team_table('BriefNote');
SELECT briefs_watch_team_table('RuleDeployment');
SELECT briefs_watch_team_table('RuleDeploymentEvent');
SELECT briefs_watch_team_table('Notification');
