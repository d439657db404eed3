-- A lease is written twice per row (the claim, then the settlement), so it should cost no index
-- writes: PostgreSQL updates a row in place (a HOT update) when no index mentions a changed column
-- and the row's page has room. So no index mentions lease_owner or lease_until any more, and
-- outbox pages keep room free for the new row versions. The claim finds held rows through
-- outbox_event_pending_by_aggregate: a held row is pending, or it would not matter.
DROP INDEX outbox_event_held;
ALTER TABLE outbox_event SET (fillfactor = 50);
