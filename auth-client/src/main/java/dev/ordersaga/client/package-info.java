/**
 * The suite's REST API as its own clients call it (the demo, the fault suite, the benchmarks, the
 * tests): {@link dev.ordersaga.client.SuiteApi} typed, {@link dev.ordersaga.client.ServiceClient}
 * for one service's raw HTTP.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.client;
