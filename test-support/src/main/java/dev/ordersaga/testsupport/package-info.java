/**
 * Real PostgreSQL and Kafka for tests, started once per JVM: PostgreSQL from Testcontainers where a
 * Docker engine answers and embedded where none does, Kafka a broker process beside the tests with
 * SASL/SCRAM logins and ACLs, as in production.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.testsupport;
