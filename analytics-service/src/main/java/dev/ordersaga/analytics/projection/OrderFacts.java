package dev.ordersaga.analytics.projection;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code order_fact} and {@code order_fact_line} tables. Each method writes only what its one
 * event says, as an upsert that is right whichever of the order's events arrived first; the
 * precedence rules are in the migration, next to the columns.
 */
@Repository
class OrderFacts {

	private final JdbcClient jdbc;

	OrderFacts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The order is known, nothing more: for events that change no figure. */
	void known(UUID orderId) {
		jdbc.sql("INSERT INTO order_fact (order_id) VALUES (:orderId) ON CONFLICT (order_id) DO NOTHING")
			.param("orderId", orderId)
			.update();
	}

	/** OrderPlaced: who, how much, when and what; its values win over a terminal event's. */
	void placed(UUID orderId, UUID customerId, String currency, BigDecimal total, Instant placedAt,
			Map<String, Integer> quantityBySku) {
		jdbc.sql("""
				INSERT INTO order_fact (order_id, customer_id, currency, total, placed_at)
				VALUES (:orderId, :customerId, :currency, :total, :placedAt)
				ON CONFLICT (order_id) DO UPDATE
				SET customer_id = EXCLUDED.customer_id, currency = EXCLUDED.currency, total = EXCLUDED.total,
				    placed_at = EXCLUDED.placed_at
				""")
			.param("orderId", orderId)
			.param("customerId", customerId)
			.param("currency", currency)
			.param("total", total)
			.param("placedAt", placedAt.atOffset(ZoneOffset.UTC))
			.update();
		quantityBySku.forEach((sku, quantity) -> jdbc.sql("""
				INSERT INTO order_fact_line (order_id, sku, quantity) VALUES (:orderId, :sku, :quantity)
				ON CONFLICT (order_id, sku) DO NOTHING
				""").param("orderId", orderId).param("sku", sku).param("quantity", quantity).update());
	}

	/** PaymentCompleted: paid only ever becomes true. */
	void paid(UUID orderId) {
		jdbc.sql("""
				INSERT INTO order_fact (order_id, paid) VALUES (:orderId, true)
				ON CONFLICT (order_id) DO UPDATE SET paid = true
				""").param("orderId", orderId).update();
	}

	/** PaymentRefunded: adds the refund; called once per refund event. */
	void refunded(UUID orderId, BigDecimal amount) {
		jdbc.sql("""
				INSERT INTO order_fact (order_id, refunded_amount) VALUES (:orderId, :amount)
				ON CONFLICT (order_id) DO UPDATE SET refunded_amount = order_fact.refunded_amount + EXCLUDED.refunded_amount
				""").param("orderId", orderId).param("amount", amount).update();
	}

	/**
	 * OrderConfirmed or OrderCancelled. The earliest terminal event by occurred_at decides the
	 * outcome (a tie goes to the cancellation), so even two conflicting terminal events give the
	 * same row in any arrival order. Customer, currency and total only fill what OrderPlaced has
	 * not set.
	 */
	void ended(UUID orderId, OrderStatus outcome, @Nullable String cancellationReason, Instant endedAt, UUID customerId,
			String currency, BigDecimal total) {
		if (!outcome.isTerminal()) {
			throw new IllegalArgumentException(outcome + " is not an outcome");
		}
		jdbc.sql("""
				INSERT INTO order_fact (order_id, customer_id, currency, total, outcome, cancellation_reason, terminal_at)
				VALUES (:orderId, :customerId, :currency, :total, :outcome, :reason, :endedAt)
				ON CONFLICT (order_id) DO UPDATE
				SET customer_id = COALESCE(order_fact.customer_id, EXCLUDED.customer_id),
				    currency = COALESCE(order_fact.currency, EXCLUDED.currency),
				    total = COALESCE(order_fact.total, EXCLUDED.total),
				    outcome = CASE WHEN %1$s THEN EXCLUDED.outcome ELSE order_fact.outcome END,
				    cancellation_reason = CASE WHEN %1$s THEN EXCLUDED.cancellation_reason
				                               ELSE order_fact.cancellation_reason END,
				    terminal_at = CASE WHEN %1$s THEN EXCLUDED.terminal_at ELSE order_fact.terminal_at END
				""".formatted("""
				(order_fact.outcome IS NULL
				 OR (EXCLUDED.terminal_at, EXCLUDED.outcome) < (order_fact.terminal_at, order_fact.outcome))"""))
			.param("orderId", orderId)
			.param("customerId", customerId)
			.param("currency", currency)
			.param("total", total)
			.param("outcome", outcome.name())
			.param("reason", cancellationReason, Types.VARCHAR)
			.param("endedAt", endedAt.atOffset(ZoneOffset.UTC))
			.update();
	}
}
