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

-- name: journal.highest
SELECT coalesce(max(sequence_nr), 0) FROM journal_event WHERE persistence_id = @pid;

-- name: journal.append
-- All or nothing: no row is inserted when any stored event is at or above the first new number.
INSERT INTO journal_event (persistence_id, sequence_nr, timestamp_ms, manifest, payload)
SELECT @pid, e.sequence_nr, e.timestamp_ms, e.manifest, e.payload
FROM unnest(@seqs::bigint[], @timestamps::bigint[], @manifests::text[], @payloads::bytea[])
     AS e(sequence_nr, timestamp_ms, manifest, payload)
WHERE NOT EXISTS (SELECT 1 FROM journal_event WHERE persistence_id = @pid AND sequence_nr >= @first);

-- name: journal.replay
SELECT sequence_nr, timestamp_ms, manifest, payload
FROM journal_event
WHERE persistence_id = @pid AND sequence_nr >= @from AND sequence_nr <= @to AND NOT deleted
ORDER BY sequence_nr;

-- name: journal.delete_below_highest
DELETE FROM journal_event
WHERE persistence_id = @pid AND sequence_nr <= @to
  AND sequence_nr < (SELECT max(sequence_nr) FROM journal_event WHERE persistence_id = @pid);

-- name: journal.mark_deleted
UPDATE journal_event SET deleted = true WHERE persistence_id = @pid AND sequence_nr <= @to AND NOT deleted;

-- name: snapshot.save
INSERT INTO snapshot (persistence_id, sequence_nr, timestamp_ms, manifest, payload)
VALUES (@pid, @seq, @timestamp, @manifest, @payload)
ON CONFLICT (persistence_id, sequence_nr) DO UPDATE
SET timestamp_ms = excluded.timestamp_ms, manifest = excluded.manifest, payload = excluded.payload;

-- name: snapshot.load_latest
SELECT sequence_nr, timestamp_ms, manifest, payload
FROM snapshot WHERE persistence_id = @pid AND sequence_nr <= @max
ORDER BY sequence_nr DESC LIMIT 1;

-- name: snapshot.delete
DELETE FROM snapshot WHERE persistence_id = @pid AND sequence_nr <= @max;
