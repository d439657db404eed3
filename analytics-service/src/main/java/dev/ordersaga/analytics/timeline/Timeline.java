package dev.ordersaga.analytics.timeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.analytics.projection.OrderStatus;

/**
 * Every recorded event of one order, from every service, in the order they occurred.
 *
 * @param orderId the order, never {@literal null}
 * @param status where it stands, never {@literal null}
 * @param cancellationReason why it was cancelled, {@literal null} unless it was
 * @param currency the order's currency, {@literal null} until OrderPlaced or its end is recorded
 * @param total the order's total as a decimal string, {@literal null} when the currency is
 * @param refunded the sum of its refunds as a decimal string, {@code "0.00"} when none
 * @param placedAt when OrderPlaced occurred, {@literal null} until it is recorded
 * @param endedAt when OrderConfirmed or OrderCancelled occurred, {@literal null} until one is recorded
 * @param steps its events, oldest first (ties in time broken by event id), never empty
 */
public record Timeline(UUID orderId, OrderStatus status, @Nullable String cancellationReason,
		@Nullable String currency, @Nullable String total, String refunded, @Nullable Instant placedAt,
		@Nullable Instant endedAt, List<Step> steps) {

	/**
	 * One event of the order.
	 *
	 * @param eventId the event, never {@literal null}
	 * @param occurredAt when its producer recorded it, never {@literal null}
	 * @param producer the service that published it, never {@literal null}
	 * @param eventType its type, never {@literal null}
	 * @param topic where it was published, never {@literal null}
	 * @param delayMs milliseconds since the previous step, {@literal null} for the first
	 * @param amount the amount it carries as a decimal string, {@literal null} when none
	 * @param currency the amount's currency, {@literal null} when none
	 * @param detail lines, shortages, reason or notification kind, {@literal null} when none
	 */
	public record Step(UUID eventId, Instant occurredAt, String producer, String eventType, String topic,
			@Nullable Long delayMs, @Nullable String amount, @Nullable String currency, @Nullable String detail) {
	}
}
