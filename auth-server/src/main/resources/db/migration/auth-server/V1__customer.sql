-- The customers who may log in. The id is the customer's id everywhere in the suite: it becomes the
-- subject of their tokens, and the services key accounts, orders and contacts by it.
CREATE TABLE customer (
    id            uuid        PRIMARY KEY,
    username      text        NOT NULL UNIQUE,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
