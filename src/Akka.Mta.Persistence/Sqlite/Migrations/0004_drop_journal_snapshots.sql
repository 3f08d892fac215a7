-- The event journal and snapshot store of migration 0002 are gone: persistent actors now keep their
-- state with Akka.Persistence.Sql, in a SQLite file of its own (never this one, whose "snapshot" table
-- is dropped here). Dropping a table drops its primary-key index with it. IF EXISTS: a file whose
-- tables were already removed by hand still migrates.
DROP TABLE IF EXISTS journal_event;
DROP TABLE IF EXISTS snapshot;
