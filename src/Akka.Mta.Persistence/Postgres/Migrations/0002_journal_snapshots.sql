-- Event journal. A deleted event's row is kept only when it is the highest of its persistence id
-- (flagged deleted), so the highest sequence number survives deletion.
CREATE TABLE journal_event (
    persistence_id  text    NOT NULL,
    sequence_nr     bigint  NOT NULL,
    timestamp_ms    bigint  NOT NULL,
    manifest        text    NOT NULL,
    payload         bytea   NOT NULL,
    deleted         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (persistence_id, sequence_nr)
);

CREATE TABLE snapshot (
    persistence_id  text    NOT NULL,
    sequence_nr     bigint  NOT NULL,
    timestamp_ms    bigint  NOT NULL,
    manifest        text    NOT NULL,
    payload         bytea   NOT NULL,
    PRIMARY KEY (persistence_id, sequence_nr)
);
