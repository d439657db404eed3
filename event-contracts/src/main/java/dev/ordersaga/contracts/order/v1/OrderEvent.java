package dev.ordersaga.contracts.order.v1;

import dev.ordersaga.contracts.IntegrationEvent;

/** The events order-service publishes on {@code orders.v1}, contract version 1. */
public sealed interface OrderEvent extends IntegrationEvent permits OrderPlaced, OrderConfirmed, OrderCancelled {
}
