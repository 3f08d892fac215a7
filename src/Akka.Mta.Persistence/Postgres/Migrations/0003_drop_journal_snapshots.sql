-- The event journal and snapshot store of migration 0002 are gone: persistent actors now keep their
-- state with Akka.Persistence.Sql. Dropping a table drops its primary-key index with it.
DROP TABLE IF EXISTS journal_event;

-- Akka.Persistence.Sql names its own snapshot table "snapshot" too, and may share this database: drop
-- the table only when it is ours (its time column is timestamp_ms; Akka.Persistence.Sql's is created).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute
               WHERE attrelid = to_regclass('snapshot') AND attname = 'timestamp_ms' AND NOT attisdropped) THEN
        DROP TABLE snapshot;
    END IF;
END
$$;
