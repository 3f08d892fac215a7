-- The message spool. Ids are the 16-byte big-endian SpoolId, so rows sort by creation time.
-- Any node can read any queue's rows: that is how a surviving node takes over a dead node's queues.
CREATE TABLE spool_message (
    id          bytea   NOT NULL PRIMARY KEY,
    queue       text    NOT NULL,
    due_ms      bigint  NOT NULL, -- Unix milliseconds
    attempts    integer NOT NULL,
    sender      text    NOT NULL,
    recipients  text    NOT NULL, -- JSON array of strings
    metadata    text    NOT NULL, -- JSON, kept byte for byte (jsonb would reorder keys)
    body        bytea   NOT NULL
);

CREATE INDEX spool_message_by_queue ON spool_message (queue, id);
