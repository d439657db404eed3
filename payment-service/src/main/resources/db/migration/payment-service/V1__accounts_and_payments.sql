-- payment-service: customer accounts with a ledger, and one payment per order.

CREATE TABLE account (
    customer_id uuid          PRIMARY KEY,
    currency    char(3)       NOT NULL,
    balance     numeric(19,4) NOT NULL CHECK (balance >= 0),
    opened_at   timestamptz   NOT NULL
);

-- Every movement of an account, so its balance can be explained and audited.
CREATE TABLE ledger_entry (
    id            bigserial     PRIMARY KEY,
    customer_id   uuid          NOT NULL REFERENCES account (customer_id),
    kind          text          NOT NULL CHECK (kind IN ('OPENING', 'DEPOSIT', 'CHARGE', 'REFUND')),
    amount        numeric(19,4) NOT NULL CHECK (amount >= 0),
    balance_after numeric(19,4) NOT NULL CHECK (balance_after >= 0),
    order_id      uuid,
    booked_at     timestamptz   NOT NULL
);
CREATE INDEX ledger_entry_customer ON ledger_entry (customer_id, id);
CREATE INDEX ledger_entry_order ON ledger_entry (order_id) WHERE order_id IS NOT NULL;

-- The outcome of charging an order: CHARGED (and later maybe REFUNDED) or DECLINED.
CREATE TABLE payment (
    order_id       uuid          PRIMARY KEY,
    payment_id     uuid          NOT NULL UNIQUE,
    customer_id    uuid          NOT NULL,
    amount         numeric(19,4) NOT NULL CHECK (amount >= 0),
    currency       char(3)       NOT NULL,
    status         text          NOT NULL CHECK (status IN ('CHARGED', 'DECLINED', 'REFUNDED')),
    failure_reason text,
    refund_reason  text,
    updated_at     timestamptz   NOT NULL
);
