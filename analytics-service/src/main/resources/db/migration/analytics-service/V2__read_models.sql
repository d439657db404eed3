-- analytics-service: read models of the saga, derived from events only, so truncating them and
-- replaying the topics (POST /api/analytics/rebuild) gives them back exactly.

-- Every saga event recorded, one row per event id: the per-order timeline, and the projection's
-- own dedupe log. A handler applies its event only when its INSERT ... ON CONFLICT DO NOTHING
-- created the row, so the inbox consumer and a rebuild replaying at the same time apply it once.
CREATE TABLE analytics_event (
    event_id       uuid          PRIMARY KEY,
    order_id       uuid          NOT NULL,
    event_type     text          NOT NULL,
    schema_version integer       NOT NULL,
    producer       text          NOT NULL,
    topic          text          NOT NULL,
    occurred_at    timestamptz   NOT NULL,
    -- The amount the event carries (total, charge, refund), if any, in its currency.
    amount         numeric(19,4),
    currency       char(3),
    -- A short human summary: lines, shortages, reason or notification kind.
    detail         text,
    recorded_at    timestamptz   NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX analytics_event_by_order ON analytics_event (order_id, occurred_at, event_id);
CREATE INDEX analytics_event_by_type ON analytics_event (event_type);

-- One row per order any event mentioned. Each column is written by one kind of event, with SQL
-- that gives the same row whatever order the events arrive in:
-- * customer, currency and total come from OrderPlaced; a terminal event fills them only while
--   OrderPlaced has not arrived;
-- * paid only goes from false to true (PaymentCompleted);
-- * the outcome is the earliest terminal event (OrderConfirmed or OrderCancelled) by occurred_at;
--   the saga never emits both, and if it did every replay would still pick the same one;
-- * refunded_amount adds each PaymentRefunded once (the event id guard above).
CREATE TABLE order_fact (
    order_id            uuid          PRIMARY KEY,
    customer_id         uuid,
    currency            char(3),
    total               numeric(19,4),
    placed_at           timestamptz,
    paid                boolean       NOT NULL DEFAULT false,
    outcome             text          CHECK (outcome IN ('CONFIRMED', 'CANCELLED')),
    cancellation_reason text,
    terminal_at         timestamptz,
    refunded_amount     numeric(19,4) NOT NULL DEFAULT 0,
    -- Terminal outcomes take precedence over PAID, PAID over PENDING: a late payment event never
    -- reopens a confirmed or cancelled order.
    status              text          NOT NULL GENERATED ALWAYS AS (
                            CASE WHEN outcome IS NOT NULL THEN outcome WHEN paid THEN 'PAID' ELSE 'PENDING' END
                        ) STORED
);

CREATE INDEX order_fact_placed_at ON order_fact (placed_at);

-- The lines of OrderPlaced, one per sku.
CREATE TABLE order_fact_line (
    order_id uuid    NOT NULL REFERENCES order_fact (order_id),
    sku      text    NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);

CREATE INDEX order_fact_line_sku ON order_fact_line (sku);
