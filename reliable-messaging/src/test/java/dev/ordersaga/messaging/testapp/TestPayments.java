package dev.ordersaga.messaging.testapp;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.messaging.outbox.Outbox;

/**
 * Appends PaymentCompleted events that the test application consumes itself, so one application
 * exercises the whole path: request → outbox → relay → Kafka → inbox → handler.
 */
@Service
@RestController
public class TestPayments {

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	TestPayments(JdbcTemplate jdbc, Outbox outbox) {
		this.jdbc = jdbc;
		this.outbox = outbox;
	}

	@PostMapping("/test/orders/{orderId}/payment")
	@Transactional
	public UUID complete(@PathVariable UUID orderId) {
		jdbc.update("INSERT INTO test_order (order_id, status) VALUES (?, 'PAID') ON CONFLICT (order_id) "
				+ "DO UPDATE SET status = 'PAID'", orderId);
		return outbox.append(paymentCompleted(orderId)).eventId();
	}

	public static PaymentCompleted paymentCompleted(UUID orderId) {
		return new PaymentCompleted(orderId, UUID.nameUUIDFromBytes(orderId.toString().getBytes()),
				UUID.randomUUID(), new BigDecimal("19.90"), "EUR");
	}

	public int effects(UUID orderId) {
		Integer count = jdbc.queryForObject("SELECT count(*) FROM handled_payment WHERE order_id = ?", Integer.class,
				orderId);
		return count == null ? 0 : count;
	}
}
