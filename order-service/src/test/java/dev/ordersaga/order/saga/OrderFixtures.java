package dev.ordersaga.order.saga;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Orders for unit tests, brought to their state through the real transitions. */
final class OrderFixtures {

	static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	private OrderFixtures() {
	}

	/** @return a placed order of two mugs at 4.50 and a lamp at 30.00, EUR */
	static Order.Placed placed() {
		return Order.place(UUID.randomUUID(), "EUR",
				List.of(new Order.Line("MUG", 2, new BigDecimal("4.50")), new Order.Line("LAMP", 1, new BigDecimal("30.00"))),
				"ada@example.com", NOW, NOW.plus(Duration.ofMinutes(5)), "key-1", "fingerprint-1");
	}

	static Order pendingOrder() {
		return placed().order();
	}

	static Order paidOrder() {
		Order order = pendingOrder();
		order.markPaid();
		return order;
	}

	/** @return a pending order whose stock is reserved, its payment still unknown */
	static Order reservedOrder() {
		Order order = pendingOrder();
		order.markReserved();
		return order;
	}

	static Order confirmedOrder() {
		Order order = paidOrder();
		order.markReserved().orElseThrow(() -> new AssertionError("not confirmed"));
		return order;
	}

	static Order cancelledOrder(Order.CancellationReason reason) {
		Order order = pendingOrder();
		order.cancel(reason).orElseThrow(() -> new AssertionError("not cancelled"));
		return order;
	}
}
