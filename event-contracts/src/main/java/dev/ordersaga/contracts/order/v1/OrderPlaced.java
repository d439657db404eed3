package dev.ordersaga.contracts.order.v1;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A customer placed an order; it waits for payment. Carries the order's state, so consumers need no
 * call back to order-service.
 *
 * @param orderId the order, must not be {@literal null}
 * @param customerId who pays, must not be {@literal null}
 * @param lines what was ordered, at least one, must not be {@literal null}
 * @param total sum of the lines, must not be {@literal null}
 * @param currency ISO 4217 code of every amount, must not be {@literal null}
 */
public record OrderPlaced(UUID orderId, UUID customerId, List<OrderLine> lines, BigDecimal total,
		String currency) implements OrderEvent {

	public OrderPlaced {
		lines = List.copyOf(lines);
	}
}
