/**
 * Real PostgreSQL and Kafka for tests, started once per JVM: Testcontainers where a Docker engine
 * answers, an embedded PostgreSQL and an in-JVM KRaft broker where none does.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.testsupport;
