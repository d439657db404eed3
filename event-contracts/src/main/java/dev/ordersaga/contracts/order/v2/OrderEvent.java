package dev.ordersaga.contracts.order.v2;

import dev.ordersaga.contracts.IntegrationEvent;

/** The events whose contract reached version 2 on {@code orders.v1}. */
public sealed interface OrderEvent extends IntegrationEvent permits OrderPlaced {
}
