/**
 * The peer: an application that publishes the same events through Spring Modulith's event
 * publication registry (JDBC) and its Kafka externalization, in a Spring context and schema of its own.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.benchmarks.modulith;
