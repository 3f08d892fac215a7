-- The message spool. Ids are the 16-byte big-endian SpoolId, so rows sort by creation time.
-- The body is the last column: reading the other columns never touches its overflow pages.
CREATE TABLE spool_message (
    id          BLOB    NOT NULL PRIMARY KEY,
    queue       TEXT    NOT NULL,
    due_ms      INTEGER NOT NULL, -- Unix milliseconds
    attempts    INTEGER NOT NULL,
    sender      TEXT    NOT NULL,
    recipients  TEXT    NOT NULL, -- JSON array of strings
    metadata    TEXT    NOT NULL, -- JSON
    body        BLOB    NOT NULL
);

CREATE INDEX spool_message_by_queue ON spool_message (queue, id);
