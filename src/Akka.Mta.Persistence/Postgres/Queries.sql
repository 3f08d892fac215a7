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

-- Fenced statements: they touch the row only while @epoch is still the owner epoch of @owner_queue
-- and the row still belongs to that queue. FOR SHARE makes a concurrent claim wait for this
-- transaction, and this statement re-check the owner row after a claim committed meanwhile.

-- name: spool.update_fenced
UPDATE spool_message
SET queue = @queue, due_ms = @due, attempts = @attempts, metadata = coalesce(@metadata, metadata)
WHERE id = @id AND queue = @owner_queue
  AND EXISTS (SELECT 1 FROM spool_queue_owner o WHERE o.queue = @owner_queue AND o.epoch = @epoch FOR SHARE);

-- name: spool.delete_fenced
DELETE FROM spool_message
WHERE id = @id AND queue = @owner_queue
  AND EXISTS (SELECT 1 FROM spool_queue_owner o WHERE o.queue = @owner_queue AND o.epoch = @epoch FOR SHARE);

-- name: spool.load_owned
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, body,
       queue = @owner_queue AND EXISTS (SELECT 1 FROM spool_queue_owner o WHERE o.queue = @owner_queue AND o.epoch = @epoch)
FROM spool_message WHERE id = @id;

-- name: spool.claim_queue
INSERT INTO spool_queue_owner (queue, epoch, claimed_at) VALUES (@queue, 1, now())
ON CONFLICT (queue) DO UPDATE SET epoch = spool_queue_owner.epoch + 1, claimed_at = now()
RETURNING epoch;

-- name: spool.queues
-- The distinct queue names by a skip scan of spool_message_by_queue: one index probe per queue,
-- not a read of every row.
WITH RECURSIVE q (queue) AS (
    (SELECT queue FROM spool_message ORDER BY queue LIMIT 1)
    UNION ALL
    SELECT (SELECT m.queue FROM spool_message m WHERE m.queue > q.queue ORDER BY m.queue LIMIT 1)
    FROM q WHERE q.queue IS NOT NULL
)
SELECT queue FROM q WHERE queue IS NOT NULL;
