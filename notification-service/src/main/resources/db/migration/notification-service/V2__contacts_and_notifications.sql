-- notification-service: where to write to each customer, and every notification it owes.

-- Kept through PUT /api/customers/{id}/contact; an order's customerEmail (OrderPlaced v2)
-- fills it only while nothing is kept (source ORDER), and never overrides a PUT (source CUSTOMER).
CREATE TABLE customer_contact (
    customer_id uuid        PRIMARY KEY,
    email       text        NOT NULL,
    name        text,
    source      text        NOT NULL CHECK (source IN ('CUSTOMER', 'ORDER')),
    updated_at  timestamptz NOT NULL
);

-- One row per (order, kind): the handler records it inside the inbox transaction, the
-- dispatcher sends it later. Subject and body are rendered from these facts when shown or sent.
CREATE TABLE notification (
    id              uuid          PRIMARY KEY,
    order_id        uuid          NOT NULL,
    customer_id     uuid          NOT NULL,
    kind            text          NOT NULL CHECK (kind IN ('PAYMENT_RECEIPT', 'ORDER_CONFIRMATION',
                                                           'ORDER_CANCELLATION', 'REFUND_NOTICE')),
    -- Resolved when sent (kept contact, else the default), so a contact set later still counts.
    recipient       text,
    amount          numeric(19,4) NOT NULL,
    currency        char(3)       NOT NULL,
    -- The cancellation or refund reason, for the kinds that have one.
    reason          text,
    -- A cancellation notice states the refund once PaymentRefunded is known.
    refunded_amount numeric(19,4),
    message_id      text          NOT NULL UNIQUE,
    status          text          NOT NULL CHECK (status IN ('PENDING', 'SENT')),
    attempts        integer       NOT NULL DEFAULT 0,
    last_error      text,
    -- Not sent before this instant: a retry's backoff, or a cancellation waiting for its refund.
    send_after      timestamptz   NOT NULL,
    created_at      timestamptz   NOT NULL,
    sent_at         timestamptz,
    -- Carried to NotificationSent, so the saga's trail stays one correlation.
    correlation_id  text          NOT NULL,
    causation_id    uuid,
    UNIQUE (order_id, kind)
);

CREATE INDEX notification_due ON notification (send_after) WHERE status = 'PENDING';

-- Refunds seen, so a cancellation handled after its refund still states the amount.
CREATE TABLE order_refund (
    order_id    uuid          PRIMARY KEY,
    amount      numeric(19,4) NOT NULL,
    currency    char(3)       NOT NULL,
    reason      text          NOT NULL,
    occurred_at timestamptz   NOT NULL
);
