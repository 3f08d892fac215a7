-- Event journal. A deleted event's row is kept only when it is the highest of its persistence id
-- (flagged deleted), so the highest sequence number survives deletion.
CREATE TABLE journal_event (
    persistence_id  TEXT    NOT NULL,
    sequence_nr     INTEGER NOT NULL,
    timestamp_ms    INTEGER NOT NULL,
    manifest        TEXT    NOT NULL,
    payload         BLOB    NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (persistence_id, sequence_nr)
);

CREATE TABLE snapshot (
    persistence_id  TEXT    NOT NULL,
    sequence_nr     INTEGER NOT NULL,
    timestamp_ms    INTEGER NOT NULL,
    manifest        TEXT    NOT NULL,
    payload         BLOB    NOT NULL,
    PRIMARY KEY (persistence_id, sequence_nr)
);
