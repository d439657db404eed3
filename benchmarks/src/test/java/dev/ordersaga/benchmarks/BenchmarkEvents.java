package dev.ordersaga.benchmarks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;

/** The benchmark's event: an OrderPlaced of nine lines, whose envelope is about 1 KiB of JSON. */
public final class BenchmarkEvents {

	/** The producer named in the envelopes. */
	public static final String PRODUCER = "order-service";

	private BenchmarkEvents() {
	}

	private static final int LINES = 9;

	private static final BigDecimal UNIT_PRICE = new BigDecimal("12.50");

	/**
	 * @param orderId the order, must not be {@literal null}
	 * @return an order of nine lines, never {@literal null}
	 */
	public static OrderPlaced orderPlaced(UUID orderId) {
		List<OrderLine> lines = new ArrayList<>(LINES);
		BigDecimal total = BigDecimal.ZERO;
		for (int i = 0; i < LINES; i++) {
			lines.add(new OrderLine("SKU-BENCHMARK-" + i, i + 1, UNIT_PRICE));
			total = total.add(UNIT_PRICE.multiply(BigDecimal.valueOf(i + 1L)));
		}
		return new OrderPlaced(orderId, customerOf(orderId), lines, total, "EUR", "benchmark.customer@example.com");
	}

	/** @return the customer of an order, derived from it */
	public static UUID customerOf(UUID orderId) {
		return UUID.nameUUIDFromBytes(orderId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * @param codec the contracts' codec, must not be {@literal null}
	 * @param orderId the order, must not be {@literal null}
	 * @return the envelope {@code Outbox.append} stores for the order's OrderPlaced outside a traced request
	 */
	public static EventEnvelope envelope(EventCodec codec, UUID orderId) {
		return codec.envelope(EventCatalog.ORDER_PLACED_V2, orderPlaced(orderId), UUID.randomUUID(), Instant.now(),
				PRODUCER, UUID.randomUUID().toString(), null, null);
	}

	/**
	 * @param index the event's number in a backlog
	 * @param aggregates how many orders the backlog's events are spread over
	 * @return the order of the {@code index}th event: events cycle through the orders
	 */
	static UUID order(int index, int aggregates) {
		return new UUID(0x0B0C_BE4C_0000_0000L, index % aggregates);
	}
}
