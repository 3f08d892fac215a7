-- Statements of the SQLite provider, by name. Parameters are @name.

-- name: schema.create_version_table
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    applied_ms  INTEGER NOT NULL
);

-- name: schema.current_version
SELECT coalesce(max(version), 0) FROM schema_version;

-- name: schema.record_version
INSERT INTO schema_version (version, name, applied_ms) VALUES (@version, @name, @applied);

-- name: schema.user_tables
SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';

-- name: spool.insert
INSERT INTO spool_message (id, queue, due_ms, attempts, sender, recipients, metadata, body_length, body_file, body)
VALUES (@id, @queue, @due, @attempts, @sender, @recipients, @metadata, @body_length, @body_file, @body)
ON CONFLICT (id) DO NOTHING;

-- name: spool.update
UPDATE spool_message
SET queue = @queue, due_ms = @due, attempts = @attempts, metadata = coalesce(@metadata, metadata)
WHERE id = @id;

-- name: spool.delete
DELETE FROM spool_message WHERE id = @id RETURNING body_file;

-- name: spool.load
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, body_file, body
FROM spool_message WHERE id = @id;

-- name: spool.exists
SELECT count(*) FROM spool_message WHERE id = @id;

-- name: spool.body_files
SELECT id, body_file FROM spool_message WHERE body_file IS NOT NULL;

-- name: spool.enumerate_all
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, body_length
FROM spool_message ORDER BY id;

-- name: spool.enumerate_queue
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, body_length
FROM spool_message WHERE queue = @queue ORDER BY id;

-- Fenced statements (see the PostgreSQL provider): the row is touched only while @epoch is still the
-- owner epoch of @owner_queue. SQLite has one writer at a time, so no row lock is needed.

-- name: spool.update_fenced
UPDATE spool_message
SET queue = @queue, due_ms = @due, attempts = @attempts, metadata = coalesce(@metadata, metadata)
WHERE id = @id AND queue = @owner_queue
  AND EXISTS (SELECT 1 FROM spool_queue_owner o WHERE o.queue = @owner_queue AND o.epoch = @epoch);

-- name: spool.delete_fenced
DELETE FROM spool_message
WHERE id = @id AND queue = @owner_queue
  AND EXISTS (SELECT 1 FROM spool_queue_owner o WHERE o.queue = @owner_queue AND o.epoch = @epoch)
RETURNING body_file;

-- name: spool.load_owned
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, body_file, body,
       queue = @owner_queue AND EXISTS (SELECT 1 FROM spool_queue_owner o WHERE o.queue = @owner_queue AND o.epoch = @epoch)
FROM spool_message WHERE id = @id;

-- name: spool.claim_queue
INSERT INTO spool_queue_owner (queue, epoch, claimed_ms) VALUES (@queue, 1, @now)
ON CONFLICT (queue) DO UPDATE SET epoch = epoch + 1, claimed_ms = excluded.claimed_ms
RETURNING epoch;

-- name: spool.queues
-- A scan of the covering index spool_message_by_queue, not of the table.
SELECT DISTINCT queue FROM spool_message ORDER BY queue;
