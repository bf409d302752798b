-- The shared-page cache's data version (lib/page-cache/data-version.ts) should move when a
-- transaction changes rows, as SQLite's data_version does. The init migration notified from every
-- INSERT, UPDATE or DELETE statement, even one that matched no row, so a poll that usually finds
-- nothing (the notification worker claims due rows with an UPDATE every second) would drop every
-- cached page each time. These triggers notify only when their statement changed a row: each sees
-- those rows as a transition table, which PostgreSQL allows on a trigger of one event only, hence
-- one trigger per event. TRUNCATE has no transition table and always notifies.
CREATE FUNCTION briefs_notify_rows_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT FROM changed_rows) THEN
        PERFORM pg_notify('briefs_data_changed', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION briefs_watch_table(name TEXT) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', name || '_data_changed', name);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_rows_changed()', name || '_rows_inserted', name);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_rows_changed()', name || '_rows_updated', name);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_rows_changed()', name || '_rows_deleted', name);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION briefs_notify_data_changed()', name || '_truncated', name);
END
$$;

SELECT briefs_watch_table(tablename) FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations';
