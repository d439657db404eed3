-- An Idempotency-Key belongs to the customer who sent it (the subject of their token): another
-- customer's request with the same key is another order, and learns nothing of the first.
ALTER TABLE customer_order DROP CONSTRAINT customer_order_idempotency_key_key;
ALTER TABLE customer_order ADD CONSTRAINT customer_order_customer_idempotency_key UNIQUE (customer_id, idempotency_key);
