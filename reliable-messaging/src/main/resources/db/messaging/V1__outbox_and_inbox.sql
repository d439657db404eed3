-- Transactional outbox and idempotent-consumer inbox of reliable-messaging.
-- Applied to each service's own schema with a history table of its own (messaging_schema_history),
-- so the library's versions never collide with the service's migrations.

CREATE SEQUENCE outbox_event_position;

CREATE TABLE outbox_event (
    -- Drawn by Outbox.append after it holds the aggregate's advisory lock, so for one aggregate
    -- the position order is the commit order. The relay publishes in this order.
    position        bigint      PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    topic           text        NOT NULL,
    aggregate_type  text        NOT NULL,
    aggregate_id    text        NOT NULL,
    event_type      text        NOT NULL,
    schema_version  integer     NOT NULL,
    traceparent     text,
    envelope        text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at    timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text
);

-- The relay claims pending rows in position order: this index holds only them, so claiming stays
-- cheap however many published rows wait for the purge.
CREATE INDEX outbox_event_pending ON outbox_event (position) WHERE published_at IS NULL;
-- The purge deletes published rows by age.
CREATE INDEX outbox_event_published ON outbox_event (published_at) WHERE published_at IS NOT NULL;

-- Wake the relay on commit: NOTIFY is delivered only when the inserting transaction commits,
-- and one notification per statement is enough (the relay drains everything pending).
CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_event_inserted
    AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

CREATE TABLE inbox_event (
    event_id        uuid        NOT NULL,
    consumer        text        NOT NULL,
    event_type      text        NOT NULL,
    schema_version  integer     NOT NULL,
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    processed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (event_id, consumer)
);

-- The purge deletes processed rows by age.
CREATE INDEX inbox_event_processed_at ON inbox_event (processed_at);
