-- Large bodies move out of the database into one file each (see SqliteBodyFiles): a row then holds
-- the file's name in body_file and an empty body. body_length is the body's size either way, so
-- enumeration need not look at the body. The table is rebuilt rather than altered so that body stays
-- the last column: a column added after it would sit behind the body's overflow pages.
CREATE TABLE spool_message_v3 (
    id          BLOB    NOT NULL PRIMARY KEY,
    queue       TEXT    NOT NULL,
    due_ms      INTEGER NOT NULL, -- Unix milliseconds
    attempts    INTEGER NOT NULL,
    sender      TEXT    NOT NULL,
    recipients  TEXT    NOT NULL, -- JSON array of strings
    metadata    TEXT    NOT NULL, -- JSON
    body_length INTEGER NOT NULL,
    body_file   TEXT,             -- name under <database>-bodies/, or NULL when the body is in the row
    body        BLOB    NOT NULL
);

INSERT INTO spool_message_v3 (id, queue, due_ms, attempts, sender, recipients, metadata, body_length, body_file, body)
SELECT id, queue, due_ms, attempts, sender, recipients, metadata, length(body), NULL, body FROM spool_message;

DROP TABLE spool_message;
ALTER TABLE spool_message_v3 RENAME TO spool_message;
CREATE INDEX spool_message_by_queue ON spool_message (queue, id);
