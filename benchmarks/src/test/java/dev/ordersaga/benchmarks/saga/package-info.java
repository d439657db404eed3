/**
 * The saga load benchmark: orders placed at fixed rates through order-service's REST API against
 * the whole suite running as separate processes ({@code ./suite}), timed from the moment each order
 * was due to the order's terminal event on Kafka.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.benchmarks.saga;
