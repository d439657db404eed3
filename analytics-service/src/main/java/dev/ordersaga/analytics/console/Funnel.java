package dev.ordersaga.analytics.console;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The saga funnel over every recorded order, and how long sagas took lately.
 *
 * @param placed orders whose OrderPlaced was recorded
 * @param paid orders charged (PaymentCompleted)
 * @param reserved orders whose stock was reserved (InventoryReserved)
 * @param confirmed orders confirmed
 * @param cancelled orders cancelled, by reason (every reason listed)
 * @param windowMinutes the window of the durations
 * @param sagas sagas that ended in the window, placement known
 * @param p50Ms median placed → confirmed or cancelled, {@literal null} when none ended
 * @param p99Ms 99th percentile of the same, {@literal null} when none ended
 */
public record Funnel(long placed, long paid, long reserved, long confirmed, Map<String, Long> cancelled,
		int windowMinutes, long sagas, @Nullable Long p50Ms, @Nullable Long p99Ms) {
}
