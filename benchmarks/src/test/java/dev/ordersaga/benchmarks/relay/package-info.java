/** Our side of the benchmark: services that append to the outbox and relay instances that publish it. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.benchmarks.relay;
