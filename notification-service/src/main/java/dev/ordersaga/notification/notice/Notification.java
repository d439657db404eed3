package dev.ordersaga.notification.notice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.notification.v1.NotificationKind;

/**
 * A notification owed for an order: one per (order, kind).
 *
 * @param id the notification's id (also NotificationSent's)
 * @param orderId the order
 * @param customerId the customer written to
 * @param kind what it tells
 * @param recipient the address it was sent to; {@literal null} until sent
 * @param amount the amount it is about (payment, order total or refund)
 * @param currency the amount's currency
 * @param reason the cancellation or refund reason, for those kinds
 * @param refundedAmount for a cancellation: the refund it states, once known
 * @param messageId the e-mail's Message-ID, derived from (order, kind): a resend carries the same
 * @param status whether it was sent
 * @param attempts failed sends so far
 * @param lastError why the last attempt failed
 * @param sendAfter not sent before this instant
 * @param createdAt when it was recorded
 * @param sentAt when it was sent
 * @param correlationId the saga's correlation id, carried to NotificationSent
 * @param causationId the event that caused it
 */
public record Notification(UUID id, UUID orderId, UUID customerId, Kind kind, @Nullable String recipient,
		BigDecimal amount, String currency, @Nullable String reason, @Nullable BigDecimal refundedAmount,
		String messageId, Status status, int attempts, @Nullable String lastError, Instant sendAfter,
		Instant createdAt, @Nullable Instant sentAt, String correlationId, @Nullable UUID causationId) {

	/**
	 * What a notification tells; the names are the stored values. Its own enum, not the contract's
	 * NotificationKind, so a change of the contract never migrates the table.
	 */
	public enum Kind {

		/** The payment was taken. */
		PAYMENT_RECEIPT,

		/** The order is confirmed. */
		ORDER_CONFIRMATION,

		/** The order was cancelled, with the reason and any refund. */
		ORDER_CANCELLATION,

		/** Money was refunded. */
		REFUND_NOTICE;

		NotificationKind toContract() {
			return switch (this) {
				case PAYMENT_RECEIPT -> NotificationKind.PAYMENT_RECEIPT;
				case ORDER_CONFIRMATION -> NotificationKind.ORDER_CONFIRMATION;
				case ORDER_CANCELLATION -> NotificationKind.ORDER_CANCELLATION;
				case REFUND_NOTICE -> NotificationKind.REFUND_NOTICE;
			};
		}
	}

	/** Whether the e-mail went out. */
	public enum Status {
		PENDING, SENT
	}
}
