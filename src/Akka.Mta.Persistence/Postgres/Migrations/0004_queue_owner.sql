-- The fence of queue ownership: every time a ScheduledQueue entity starts (first message,
-- rebalance, failover) it claims its queue by raising epoch, and its updates, deletes and
-- deliveries are conditional on that epoch still being the queue's. A stale incarnation (a slow
-- node, the losing side of a split) is refused by the database, whatever it still holds in memory.
CREATE TABLE IF NOT EXISTS spool_queue_owner (
    queue       text        NOT NULL PRIMARY KEY,
    epoch       bigint      NOT NULL,
    claimed_at  timestamptz NOT NULL
);
