package dev.ordersaga.contracts.inventory.v1;

import dev.ordersaga.contracts.IntegrationEvent;

/**
 * The events inventory-service publishes, contract version 1: reservations on {@code inventory.v1},
 * the catalogue on {@code catalog.v1}.
 */
public sealed interface InventoryEvent extends IntegrationEvent
		permits InventoryReserved, InventoryReservationFailed, InventoryReleased, ProductUpdated {
}
