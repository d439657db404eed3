package dev.ordersaga.analytics.summary;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.analytics.projection.OrderStatus;
import dev.ordersaga.contracts.order.v1.CancellationReason;

/**
 * The saga's figures over all orders, or over the orders placed in a period. Amounts are decimal
 * strings with at least two decimals ({@code "12.50"}), keyed by ISO 4217 currency.
 *
 * @param from start of the period (inclusive), {@literal null} when not limited
 * @param to end of the period (exclusive), {@literal null} when not limited
 * @param ordersByStatus how many orders are in each status, every status listed
 * @param confirmedRevenue the sum of the totals of confirmed orders, by currency
 * @param refunds the PaymentRefunded events, by currency
 * @param cancellationReasons how many cancelled orders had each reason, every reason listed
 * @param unitsSoldBySku the units of the lines of confirmed orders, by sku
 * @param sagaDuration OrderPlaced to OrderConfirmed or OrderCancelled, by outcome (CONFIRMED and
 * CANCELLED), over the orders whose placement and end are both known
 */
public record SagaSummary(@Nullable Instant from, @Nullable Instant to, Map<OrderStatus, Long> ordersByStatus,
		Map<String, String> confirmedRevenue, Map<String, Refunds> refunds,
		Map<CancellationReason, Long> cancellationReasons, Map<String, Long> unitsSoldBySku,
		Map<OrderStatus, Durations> sagaDuration) {

	/**
	 * @param count refunds
	 * @param amount their sum, a decimal string
	 */
	public record Refunds(long count, String amount) {
	}

	/**
	 * Percentiles of saga durations (continuous, interpolated), rounded to whole milliseconds.
	 *
	 * @param count sagas measured
	 * @param p50Ms the median, {@literal null} when none was measured
	 * @param p95Ms the 95th percentile, {@literal null} when none was measured
	 * @param p99Ms the 99th percentile, {@literal null} when none was measured
	 */
	public record Durations(long count, @Nullable Long p50Ms, @Nullable Long p95Ms, @Nullable Long p99Ms) {
	}
}
