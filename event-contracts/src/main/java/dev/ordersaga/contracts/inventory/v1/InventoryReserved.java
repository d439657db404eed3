package dev.ordersaga.contracts.inventory.v1;

import java.util.List;
import java.util.UUID;

/**
 * Every line of the order is reserved.
 *
 * @param orderId the order, must not be {@literal null}
 * @param lines what was reserved, must not be {@literal null}
 */
public record InventoryReserved(UUID orderId, List<StockLine> lines) implements InventoryEvent {

	public InventoryReserved {
		lines = List.copyOf(lines);
	}
}
