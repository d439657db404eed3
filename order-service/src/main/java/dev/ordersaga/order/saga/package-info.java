/**
 * Orders and their way through the saga: the {@link dev.ordersaga.order.saga.Order} aggregate, the
 * events that move it, the steps it took and the deadline that cancels it.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.order.saga;
