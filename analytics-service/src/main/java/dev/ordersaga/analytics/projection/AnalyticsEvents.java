package dev.ordersaga.analytics.projection;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code analytics_event} table: every recorded saga event, the orders' timelines. */
@Repository
class AnalyticsEvents {

	private final JdbcClient jdbc;

	AnalyticsEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the event unless its id is recorded already. Checking and recording are one statement,
	 * so of two transactions recording the same event (the inbox consumer and a rebuild) exactly one
	 * gets {@literal true}; the other waits for its commit and gets {@literal false}.
	 * @return whether this call recorded it
	 */
	boolean record(UUID orderId, EventHeader header, @Nullable BigDecimal amount, @Nullable String currency,
			@Nullable String detail) {
		return jdbc.sql("""
				INSERT INTO analytics_event (event_id, order_id, event_type, schema_version, producer, topic,
				                             occurred_at, amount, currency, detail)
				VALUES (:eventId, :orderId, :eventType, :schemaVersion, :producer, :topic, :occurredAt, :amount,
				        :currency, :detail)
				ON CONFLICT (event_id) DO NOTHING
				""")
			.param("eventId", header.eventId())
			.param("orderId", orderId)
			.param("eventType", header.eventType())
			.param("schemaVersion", header.schemaVersion())
			.param("producer", header.producer())
			.param("topic", header.topic())
			.param("occurredAt", header.occurredAt().atOffset(ZoneOffset.UTC))
			.param("amount", amount, Types.NUMERIC)
			.param("currency", currency, Types.VARCHAR)
			.param("detail", detail, Types.VARCHAR)
			.update() == 1;
	}
}
