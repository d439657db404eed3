package dev.ordersaga.analytics.summary;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.analytics.projection.OrderStatus;
import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.contracts.order.v1.CancellationReason;

/** Computes the {@link SagaSummary} from the read models. */
@Service
public class SagaFigures {

	private final JdbcClient jdbc;

	SagaFigures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Sums up the orders placed in {@code [from, to)}, or all orders when both are {@literal null}
	 * (orders whose OrderPlaced has not arrived yet count only then). Every figure is read from one
	 * snapshot, so they agree with each other even while events arrive.
	 * @param from start of the period, inclusive, {@literal null} for no start
	 * @param to end of the period, exclusive, {@literal null} for no end
	 * @return the summary, never {@literal null}
	 * @throws InvalidPeriod when {@code from} is not before {@code to}
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public SagaSummary summary(@Nullable Instant from, @Nullable Instant to) {
		if (from != null && to != null && !from.isBefore(to)) {
			throw new InvalidPeriod("from (" + from + ") must be before to (" + to + ")");
		}
		Period period = new Period(from, to);

		Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
		for (OrderStatus status : OrderStatus.values()) {
			byStatus.put(status, 0L);
		}
		period.query(jdbc, "SELECT o.status, count(*) AS orders FROM order_fact o WHERE %s GROUP BY o.status")
			.query(rs -> {
				byStatus.put(OrderStatus.valueOf(rs.getString("status")), rs.getLong("orders"));
			});

		Map<String, String> revenue = new TreeMap<>();
		period.query(jdbc, """
				SELECT o.currency, sum(o.total) AS revenue FROM order_fact o
				WHERE o.status = 'CONFIRMED' AND o.total IS NOT NULL AND %s GROUP BY o.currency
				""").query(rs -> {
			revenue.put(rs.getString("currency"), amount(rs.getBigDecimal("revenue")));
		});

		Map<String, SagaSummary.Refunds> refunds = new TreeMap<>();
		period.query(jdbc, """
				SELECT e.currency, count(*) AS refunds, sum(e.amount) AS amount
				FROM analytics_event e JOIN order_fact o USING (order_id)
				WHERE e.event_type = 'PaymentRefunded' AND %s GROUP BY e.currency
				""").query(rs -> {
			refunds.put(rs.getString("currency"),
					new SagaSummary.Refunds(rs.getLong("refunds"), amount(rs.getBigDecimal("amount"))));
		});

		Map<CancellationReason, Long> reasons = new EnumMap<>(CancellationReason.class);
		for (CancellationReason reason : CancellationReason.values()) {
			reasons.put(reason, 0L);
		}
		period.query(jdbc, """
				SELECT o.cancellation_reason, count(*) AS orders FROM order_fact o
				WHERE o.status = 'CANCELLED' AND %s GROUP BY o.cancellation_reason
				""").query(rs -> {
			reasons.put(CancellationReason.valueOf(rs.getString("cancellation_reason")), rs.getLong("orders"));
		});

		Map<String, Long> units = new TreeMap<>();
		period.query(jdbc, """
				SELECT l.sku, sum(l.quantity) AS units
				FROM order_fact_line l JOIN order_fact o USING (order_id)
				WHERE o.status = 'CONFIRMED' AND %s GROUP BY l.sku
				""").query(rs -> {
			units.put(rs.getString("sku"), rs.getLong("units"));
		});

		Map<OrderStatus, SagaSummary.Durations> durations = new EnumMap<>(OrderStatus.class);
		durations.put(OrderStatus.CONFIRMED, new SagaSummary.Durations(0, null, null, null));
		durations.put(OrderStatus.CANCELLED, new SagaSummary.Durations(0, null, null, null));
		period.query(jdbc, """
				SELECT status, count(*) AS sagas,
				       round(percentile_cont(0.50) WITHIN GROUP (ORDER BY ms))::bigint AS p50,
				       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms))::bigint AS p95,
				       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms))::bigint AS p99
				FROM (SELECT o.status, (extract(EPOCH FROM o.terminal_at - o.placed_at) * 1000)::double precision AS ms
				      FROM order_fact o
				      WHERE o.status IN ('CONFIRMED', 'CANCELLED') AND o.placed_at IS NOT NULL AND %s) sagas
				GROUP BY status
				""").query(rs -> {
			durations.put(OrderStatus.valueOf(rs.getString("status")), new SagaSummary.Durations(rs.getLong("sagas"),
					rs.getLong("p50"), rs.getLong("p95"), rs.getLong("p99")));
		});

		return new SagaSummary(from, to, byStatus, revenue, refunds, reasons, units, durations);
	}

	private static String amount(BigDecimal amount) {
		return Amounts.normalize(amount).toPlainString();
	}

	/** Limits a query to the orders ({@code o}) placed in the period. */
	private record Period(@Nullable Instant from, @Nullable Instant to) {

		JdbcClient.StatementSpec query(JdbcClient jdbc, String sqlWithCondition) {
			StringBuilder condition = new StringBuilder("true");
			if (from != null) {
				condition.append(" AND o.placed_at >= :from");
			}
			if (to != null) {
				condition.append(" AND o.placed_at < :to");
			}
			JdbcClient.StatementSpec statement = jdbc.sql(sqlWithCondition.formatted(condition));
			if (from != null) {
				statement = statement.param("from", from.atOffset(ZoneOffset.UTC));
			}
			if (to != null) {
				statement = statement.param("to", to.atOffset(ZoneOffset.UTC));
			}
			return statement;
		}
	}
}
