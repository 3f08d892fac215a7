-- Statements of the PostgreSQL provider, by name. Parameters are @name.

-- name: schema.lock
SELECT pg_advisory_xact_lock(4707196711426557300);

-- name: schema.create_version_table
CREATE TABLE IF NOT EXISTS schema_version (
    version     integer     NOT NULL PRIMARY KEY,
    name        text        NOT NULL,
    applied_at  timestamptz NOT NULL
);

-- name: schema.current_version
SELECT coalesce(max(version), 0) FROM schema_version;

-- name: schema.record_version
INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @applied);

-- name: spool.insert
INSERT INTO spool_message (id, queue, due_ms, attempts, sender, recipients, metadata, body)
VALUES (@id, @queue, @due, @attempts, @sender, @recipients, @metadata, @body)
ON CONFLICT (id) DO NOTHING;

-- name: spool.update
UPDATE spool_message
SET queue = @queue, due_ms = @due, attempts = @attempts, metadata = coalesce(@metadata, metadata)
WHERE id = @id;

-- name: spool.delete
DELETE FROM spool_message WHERE id = @id;

-- name: spool.load
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, body
FROM spool_message WHERE id = @id;

-- name: spool.enumerate_all
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, octet_length(body)
FROM spool_message ORDER BY id;

-- name: spool.enumerate_queue
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, octet_length(body)
FROM spool_message WHERE queue = @queue ORDER BY id;
