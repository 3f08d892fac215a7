-- The fence of queue ownership (see the PostgreSQL migration of the same name): the epoch of the
-- queue's current owner; fenced updates, deletes and loads compare the caller's epoch with it.
CREATE TABLE IF NOT EXISTS spool_queue_owner (
    queue       TEXT    NOT NULL PRIMARY KEY,
    epoch       INTEGER NOT NULL,
    claimed_ms  INTEGER NOT NULL
);
