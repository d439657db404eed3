-- The relay claims rows with a lease instead of holding a transaction while it waits on Kafka:
-- a claim writes its owner and expiry in one short transaction, the relay sends outside any
-- transaction, and a second short transaction marks the outcome. A relay that dies leaves leases
-- that expire; the rows are claimed again (and the inbox absorbs the re-publication).
ALTER TABLE outbox_event
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz,
    -- Refusals: sends that Kafka refused for good (too large, invalid, not authorised), as opposed
    -- to failures that retrying cures (broker away, timeouts). After relay.park-after refusals the
    -- row is parked: it leaves the claim, and its aggregate's later rows wait behind it until an
    -- operator retries or discards it.
    ADD COLUMN refusals integer NOT NULL DEFAULT 0,
    ADD COLUMN parked_at timestamptz,
    -- A discarded row counts as gone from the outbox (published_at is set too, so the purge
    -- removes it and its aggregate flows again); discarded_at tells it from a published one.
    ADD COLUMN discarded_at timestamptz;

-- Parked rows: few, listed by operators, and probed by every claim for the aggregates they block.
CREATE INDEX outbox_event_parked ON outbox_event (aggregate_id, position)
    WHERE parked_at IS NOT NULL AND published_at IS NULL;
