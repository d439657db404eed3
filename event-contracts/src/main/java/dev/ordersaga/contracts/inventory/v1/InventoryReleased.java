package dev.ordersaga.contracts.inventory.v1;

import java.util.List;
import java.util.UUID;

/**
 * A reservation was given back to available stock because its order was cancelled.
 *
 * @param orderId the order, must not be {@literal null}
 * @param lines what was released, must not be {@literal null}
 */
public record InventoryReleased(UUID orderId, List<StockLine> lines) implements InventoryEvent {

	public InventoryReleased {
		lines = List.copyOf(lines);
	}
}
