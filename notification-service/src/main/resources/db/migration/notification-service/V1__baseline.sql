-- Baseline of this service's own schema. Its domain tables arrive as later versions;
-- the outbox and inbox tables are migrated by reliable-messaging with their own history table.
SELECT 1;
