-- The saga console asks for the durations of the sagas that ended in the last minutes.
CREATE INDEX order_fact_terminal_at ON order_fact (terminal_at);
