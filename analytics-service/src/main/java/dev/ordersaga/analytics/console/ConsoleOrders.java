package dev.ordersaga.analytics.console;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.analytics.projection.OrderStatus;
import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.contracts.order.v1.CancellationReason;

/** Reads what the console shows from the read models. */
@Service
public class ConsoleOrders {

	private static final String COLUMNS = """
			SELECT o.order_id, o.status, o.cancellation_reason, o.total, o.currency, o.placed_at, o.terminal_at,
			       last.event_type AS last_event, last.steps
			FROM order_fact o
			CROSS JOIN LATERAL (
			    SELECT (SELECT e.event_type FROM analytics_event e WHERE e.order_id = o.order_id
			            ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT 1) AS event_type,
			           (SELECT count(*) FROM analytics_event e WHERE e.order_id = o.order_id) AS steps) last
			""";

	private final JdbcClient jdbc;

	ConsoleOrders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param limit the most orders to return
	 * @return the newest orders by placement (those whose OrderPlaced is not recorded yet first), never {@literal null}
	 */
	@Transactional(readOnly = true)
	public List<ConsoleOrder> newest(int limit) {
		return jdbc.sql(COLUMNS + " ORDER BY o.placed_at DESC NULLS FIRST LIMIT :limit")
			.param("limit", limit)
			.query((rs, row) -> order(rs))
			.list();
	}

	/**
	 * @param ids orders, must not be {@literal null}
	 * @return those of them recorded, in no particular order, never {@literal null}
	 */
	@Transactional(readOnly = true)
	public List<ConsoleOrder> find(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql(COLUMNS + " WHERE o.order_id = ANY (:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.query((rs, row) -> order(rs))
			.list();
	}

	/**
	 * @param windowMinutes how far back the durations reach, from now
	 * @return the funnel over every order, the durations over the sagas that ended in the window
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Funnel funnel(int windowMinutes) {
		Map<String, Long> cancelled = new LinkedHashMap<>();
		for (CancellationReason reason : CancellationReason.values()) {
			cancelled.put(reason.name(), 0L);
		}
		jdbc.sql("""
				SELECT cancellation_reason, count(*) AS orders FROM order_fact
				WHERE status = 'CANCELLED' GROUP BY cancellation_reason
				""").query(rs -> {
			cancelled.put(rs.getString("cancellation_reason"), rs.getLong("orders"));
		});
		long[] counts = jdbc.sql("""
				SELECT count(*) FILTER (WHERE placed_at IS NOT NULL) AS placed,
				       count(*) FILTER (WHERE paid) AS paid,
				       count(*) FILTER (WHERE status = 'CONFIRMED') AS confirmed
				FROM order_fact
				""").query((rs, row) -> new long[] { rs.getLong("placed"), rs.getLong("paid"), rs.getLong("confirmed") })
			.single();
		long reserved = jdbc.sql("""
				SELECT count(DISTINCT order_id) FROM analytics_event WHERE event_type = 'InventoryReserved'
				""").query(Long.class).single();
		// Events carry their producers' clocks: an upper bound keeps out sagas dated in the future.
		Object[] durations = jdbc.sql("""
				SELECT count(*) AS sagas,
				       round(percentile_cont(0.50) WITHIN GROUP (ORDER BY ms))::bigint AS p50,
				       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms))::bigint AS p99
				FROM (SELECT (extract(EPOCH FROM terminal_at - placed_at) * 1000)::double precision AS ms
				      FROM order_fact
				      WHERE terminal_at > now() - make_interval(mins => :window)
				        AND terminal_at < now() + interval '1 minute' AND placed_at IS NOT NULL) ended
				""").param("window", windowMinutes)
			.query((rs, row) -> new Object[] { rs.getLong("sagas"), nullableLong(rs, "p50"), nullableLong(rs, "p99") })
			.single();
		return new Funnel(counts[0], counts[1], reserved, counts[2], cancelled, windowMinutes, (Long) durations[0],
				(Long) durations[1], (Long) durations[2]);
	}

	private static ConsoleOrder order(ResultSet rs) throws SQLException {
		BigDecimal total = rs.getBigDecimal("total");
		String currency = rs.getString("currency");
		return new ConsoleOrder(rs.getObject("order_id", UUID.class), OrderStatus.valueOf(rs.getString("status")),
				rs.getString("cancellation_reason"), total == null ? null : Amounts.normalize(total).toPlainString(),
				currency == null ? null : currency.trim(), instant(rs.getObject("placed_at", OffsetDateTime.class)),
				instant(rs.getObject("terminal_at", OffsetDateTime.class)), rs.getString("last_event"), rs.getInt("steps"));
	}

	private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}
}
