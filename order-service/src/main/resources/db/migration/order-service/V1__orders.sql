-- order-service: its own view of the catalogue (built from ProductUpdated), the orders, and the
-- saga steps each order has seen.

CREATE TABLE catalog_product (
    sku        text          PRIMARY KEY,
    name       text          NOT NULL,
    unit_price numeric(19,4) NOT NULL CHECK (unit_price >= 0),
    currency   char(3)       NOT NULL,
    updated_at timestamptz   NOT NULL
);

CREATE TABLE customer_order (
    order_id            uuid          PRIMARY KEY,
    customer_id         uuid          NOT NULL,
    currency            char(3)       NOT NULL,
    total               numeric(19,4) NOT NULL CHECK (total >= 0),
    status              text          NOT NULL CHECK (status IN ('PENDING', 'PAID', 'CONFIRMED', 'CANCELLED')),
    cancel_reason       text,
    customer_email      text,
    paid                boolean       NOT NULL,
    reserved            boolean       NOT NULL,
    placed_at           timestamptz   NOT NULL,
    deadline_at         timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL,
    -- A retried POST with the same Idempotency-Key returns this order; the fingerprint tells a
    -- retry from a different request that reuses the key.
    idempotency_key     text          UNIQUE,
    request_fingerprint text
);

-- The timeout check looks only at open orders past their deadline.
CREATE INDEX customer_order_open_by_deadline ON customer_order (deadline_at) WHERE status IN ('PENDING', 'PAID');
CREATE INDEX customer_order_by_customer ON customer_order (customer_id, placed_at DESC);
CREATE INDEX customer_order_by_status ON customer_order (status, placed_at DESC);

CREATE TABLE order_line (
    order_id   uuid          NOT NULL REFERENCES customer_order (order_id),
    line_no    integer       NOT NULL,
    sku        text          NOT NULL,
    quantity   integer       NOT NULL CHECK (quantity > 0),
    unit_price numeric(19,4) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE saga_step (
    order_id    uuid        NOT NULL REFERENCES customer_order (order_id),
    event_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    producer    text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (order_id, event_id)
);
