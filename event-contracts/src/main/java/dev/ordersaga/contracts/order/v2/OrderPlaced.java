package dev.ordersaga.contracts.order.v2;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.order.v1.OrderLine;

/**
 * Version 2 of OrderPlaced: version 1 plus the customer's e-mail address when the order request
 * gave one, so notifications can reach a customer they know nothing else about. Additive only:
 * every version 1 event upcasts to this with {@code customerEmail} null.
 *
 * @param orderId the order, must not be {@literal null}
 * @param customerId who pays, must not be {@literal null}
 * @param lines what was ordered, at least one, must not be {@literal null}
 * @param total sum of the lines, must not be {@literal null}
 * @param currency ISO 4217 code of every amount, must not be {@literal null}
 * @param customerEmail where to send notifications, {@literal null} when unknown
 */
public record OrderPlaced(UUID orderId, UUID customerId, List<OrderLine> lines, BigDecimal total, String currency,
		@Nullable String customerEmail) implements OrderEvent {

	public OrderPlaced {
		lines = List.copyOf(lines);
	}

	/**
	 * @param v1 a version 1 event, must not be {@literal null}
	 * @return the same event in version 2
	 */
	public static OrderPlaced from(dev.ordersaga.contracts.order.v1.OrderPlaced v1) {
		return new OrderPlaced(v1.orderId(), v1.customerId(), v1.lines(), v1.total(), v1.currency(), null);
	}

	/** @return this event in version 1, for a producer switched back to publishing version 1 */
	public dev.ordersaga.contracts.order.v1.OrderPlaced toV1() {
		return new dev.ordersaga.contracts.order.v1.OrderPlaced(orderId, customerId, lines, total, currency);
	}
}
