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

-- Rows a claim must not overtake: leased to a relay, waiting out a retry delay (lease_until without
-- an owner), or parked. Few at any time, and every claim probes them for each candidate row's
-- aggregate. The claim's condition on them does not mention published_at, so the planner cannot
-- take the index of all pending rows for that probe instead (it does when its statistics predate a
-- large backlog, and then scans every earlier pending row per candidate).
CREATE INDEX outbox_event_held ON outbox_event (aggregate_id, position)
    WHERE parked_at IS NOT NULL OR lease_until IS NOT NULL;

-- The claim reads claimable rows in position order. This index replaces the one of all pending rows
-- (outbox_event_pending): with it, a probe for one aggregate's pending rows could be planned as a
-- scan of every pending row in position order, which statistics taken before a large backlog made
-- look cheap. Now only outbox_event_pending_by_aggregate serves such a probe.
DROP INDEX outbox_event_pending;
CREATE INDEX outbox_event_claimable ON outbox_event (position) WHERE published_at IS NULL AND parked_at IS NULL;
