-- Staff and operators who log in in person (the saga console), apart from customers: they have no
-- customer id, and their role decides the scope of their tokens (staff or operator). A login name
-- belongs to a customer or to a staff member, never to both (each registration checks the other table).
CREATE TABLE staff_member (
    username      text        PRIMARY KEY,
    role          text        NOT NULL CHECK (role IN ('staff', 'operator')),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
