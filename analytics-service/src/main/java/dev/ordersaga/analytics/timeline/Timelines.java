package dev.ordersaga.analytics.timeline;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.analytics.projection.OrderStatus;
import dev.ordersaga.contracts.Amounts;

/** Reads orders' timelines from the recorded events. */
@Service
public class Timelines {

	private final JdbcClient jdbc;

	Timelines(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param orderId the order, must not be {@literal null}
	 * @return its timeline, empty when no event of the order was recorded
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Optional<Timeline> of(UUID orderId) {
		Optional<Fact> found = jdbc.sql("""
				SELECT status, cancellation_reason, currency, total, refunded_amount, placed_at, terminal_at
				FROM order_fact WHERE order_id = :orderId
				""")
			.param("orderId", orderId)
			.query((rs, row) -> new Fact(OrderStatus.valueOf(rs.getString("status")),
					rs.getString("cancellation_reason"), rs.getString("currency"), rs.getBigDecimal("total"),
					rs.getBigDecimal("refunded_amount"), instant(rs.getObject("placed_at", OffsetDateTime.class)),
					instant(rs.getObject("terminal_at", OffsetDateTime.class))))
			.optional();
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Fact fact = found.get();
		List<Row> rows = jdbc.sql("""
				SELECT event_id, occurred_at, producer, event_type, topic, amount, currency, detail
				FROM analytics_event WHERE order_id = :orderId ORDER BY occurred_at, event_id
				""")
			.param("orderId", orderId)
			.query((rs, row) -> new Row(rs.getObject("event_id", UUID.class),
					rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("producer"),
					rs.getString("event_type"), rs.getString("topic"), rs.getBigDecimal("amount"),
					rs.getString("currency"), rs.getString("detail")))
			.list();
		List<Timeline.Step> steps = new ArrayList<>(rows.size());
		@Nullable Instant previous = null;
		for (Row row : rows) {
			@Nullable Long delay = previous == null ? null : Duration.between(previous, row.occurredAt()).toMillis();
			steps.add(new Timeline.Step(row.eventId(), row.occurredAt(), row.producer(), row.eventType(), row.topic(),
					delay, amount(row.amount()), row.currency(), row.detail()));
			previous = row.occurredAt();
		}
		return Optional.of(new Timeline(orderId, fact.status(), fact.cancellationReason(), fact.currency(),
				amount(fact.total()), Amounts.normalize(fact.refunded()).toPlainString(), fact.placedAt(),
				fact.endedAt(), steps));
	}

	private static @Nullable String amount(@Nullable BigDecimal amount) {
		return amount == null ? null : Amounts.normalize(amount).toPlainString();
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private record Fact(OrderStatus status, @Nullable String cancellationReason, @Nullable String currency,
			@Nullable BigDecimal total, BigDecimal refunded, @Nullable Instant placedAt, @Nullable Instant endedAt) {
	}

	private record Row(UUID eventId, Instant occurredAt, String producer, String eventType, String topic,
			@Nullable BigDecimal amount, @Nullable String currency, @Nullable String detail) {
	}
}
