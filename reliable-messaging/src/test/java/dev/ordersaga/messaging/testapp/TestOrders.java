package dev.ordersaga.messaging.testapp;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.messaging.outbox.Outbox;

/** Business transactions that change state and append an event, as a service's would. */
@Service
public class TestOrders {

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	TestOrders(JdbcTemplate jdbc, Outbox outbox) {
		this.jdbc = jdbc;
		this.outbox = outbox;
	}

	@Transactional
	public UUID place(UUID orderId) {
		jdbc.update("INSERT INTO test_order (order_id, status) VALUES (?, 'PENDING')", orderId);
		return outbox.append(orderPlaced(orderId)).eventId();
	}

	/** Appends one more event for an existing order, as a later saga step would. */
	@Transactional
	public UUID touch(UUID orderId) {
		jdbc.update("UPDATE test_order SET status = status WHERE order_id = ?", orderId);
		return outbox.append(orderPlaced(orderId)).eventId();
	}

	/** Appends without touching the order's row, so only the outbox's own lock orders appends. */
	@Transactional
	public UUID appendOnly(UUID orderId) {
		return outbox.append(orderPlaced(orderId)).eventId();
	}

	@Transactional
	public void placeAndFail(UUID orderId) {
		place(orderId);
		throw new IllegalStateException("business rule violated after the append");
	}

	public static OrderPlaced orderPlaced(UUID orderId) {
		return new OrderPlaced(orderId, UUID.nameUUIDFromBytes(orderId.toString().getBytes()),
				List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.95"))), new BigDecimal("19.90"), "EUR",
				"customer@example.com");
	}
}
