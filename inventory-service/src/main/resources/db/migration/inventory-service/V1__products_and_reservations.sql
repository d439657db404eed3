-- inventory-service: the catalogue with its stock, and what each order holds of it.

CREATE TABLE product (
    sku        text          PRIMARY KEY,
    name       text          NOT NULL,
    unit_price numeric(19,4) NOT NULL CHECK (unit_price >= 0),
    currency   char(3)       NOT NULL,
    -- Stock on hand that no order holds; reserved = held by orders not yet released.
    available  integer       NOT NULL CHECK (available >= 0),
    reserved   integer       NOT NULL CHECK (reserved >= 0),
    updated_at timestamptz   NOT NULL
);

-- What inventory knows of an order: its lines (from OrderPlaced), whether it is paid
-- (PaymentCompleted) or cancelled (OrderCancelled), and the reservation decided from them.
-- The events arrive on different topics in any order; the row lock serialises their handlers.
CREATE TABLE stock_order (
    order_id    uuid        PRIMARY KEY,
    status      text        NOT NULL CHECK (status IN ('AWAITING', 'RESERVED', 'REJECTED', 'RELEASED', 'CANCELLED')),
    lines_known boolean     NOT NULL,
    paid        boolean     NOT NULL,
    cancelled   boolean     NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE stock_order_line (
    order_id uuid    NOT NULL REFERENCES stock_order (order_id),
    sku      text    NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);
