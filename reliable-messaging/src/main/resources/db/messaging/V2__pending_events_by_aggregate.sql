-- The relay checks, for the aggregates of each claimed batch, whether an earlier event is still
-- pending outside the batch; this index answers that from pending rows only.
CREATE INDEX outbox_event_pending_by_aggregate ON outbox_event (aggregate_id, position) WHERE published_at IS NULL;
