-- Runs once, on the database's first start: one login role and one schema per service, each
-- usable by its own service only (the same set-up as suite-launcher's PrepareDatabase).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE ROLE order_service LOGIN PASSWORD 'order_service';
CREATE SCHEMA order_service AUTHORIZATION order_service;
REVOKE ALL ON SCHEMA order_service FROM PUBLIC;
CREATE ROLE payment_service LOGIN PASSWORD 'payment_service';
CREATE SCHEMA payment_service AUTHORIZATION payment_service;
REVOKE ALL ON SCHEMA payment_service FROM PUBLIC;
CREATE ROLE inventory_service LOGIN PASSWORD 'inventory_service';
CREATE SCHEMA inventory_service AUTHORIZATION inventory_service;
REVOKE ALL ON SCHEMA inventory_service FROM PUBLIC;
CREATE ROLE notification_service LOGIN PASSWORD 'notification_service';
CREATE SCHEMA notification_service AUTHORIZATION notification_service;
REVOKE ALL ON SCHEMA notification_service FROM PUBLIC;
CREATE ROLE analytics_service LOGIN PASSWORD 'analytics_service';
CREATE SCHEMA analytics_service AUTHORIZATION analytics_service;
REVOKE ALL ON SCHEMA analytics_service FROM PUBLIC;
