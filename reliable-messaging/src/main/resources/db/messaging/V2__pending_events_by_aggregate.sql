-- The relay checks, for each aggregate of a claimed batch, whether an earlier event of it is still
-- pending outside the batch: one probe of this index per aggregate.
CREATE INDEX outbox_event_pending_by_aggregate ON outbox_event (aggregate_id, position) WHERE published_at IS NULL;
