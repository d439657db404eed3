/**
 * The relay benchmark: our outbox relay, the ceilings Kafka and PostgreSQL set on this machine, and
 * Spring Modulith's event publication registry as the peer, measured side by side in one JVM on one
 * broker and one database.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.benchmarks;
