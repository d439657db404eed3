-- The test application's own state: an order table its business transactions write, and a log of
-- what its event handlers did (one row per effect, so a test can count effects).
CREATE TABLE test_order (
    order_id uuid PRIMARY KEY,
    status   text NOT NULL
);

CREATE TABLE handled_payment (
    id             bigserial PRIMARY KEY,
    event_id       uuid NOT NULL,
    order_id       uuid NOT NULL,
    correlation_id text NOT NULL,
    causation_id   uuid,
    trace_id       text
);
