package dev.ordersaga.contracts.inventory.v1;

import java.util.List;
import java.util.UUID;

/**
 * At least one line could not be reserved, so nothing was (reservations are all-or-nothing).
 *
 * @param orderId the order, must not be {@literal null}
 * @param shortages the lines that were short, at least one, must not be {@literal null}
 */
public record InventoryReservationFailed(UUID orderId, List<Shortage> shortages) implements InventoryEvent {

	public InventoryReservationFailed {
		shortages = List.copyOf(shortages);
	}
}
